import type { InferenceCallRecord, InferenceLedger } from './accounting';

/** A ledger that holds an agent's free calls until its step ends (see {@link createBufferedLedger}). */
export interface BufferedLedger extends InferenceLedger {
  /** Removes and returns the held calls of one job's agent, oldest first. */
  take(requestId: string, agent: string): InferenceCallRecord[];
}

/**
 * Wraps the inference ledger so that the calls of the named agents that cost nothing
 * (the offline provider, a zero-priced model) are held in memory and written with the
 * agent's step result in one statement instead of one per call (their rows built by
 * `modelCallsJson` and written by `record_model_calls`, as every ledger path does). A
 * priced call is recorded at once, as before, so the daily budgets read the spend of
 * every call before the next.
 */
export function createBufferedLedger(inner: InferenceLedger, agents: readonly string[]): BufferedLedger {
  const held = new Map<string, InferenceCallRecord[]>();
  const key = (requestId: string, agent: string) => `${requestId}\u0000${agent}`;
  return {
    spent: (day, scope, name) => inner.spent(day, scope, name),
    async record(call) {
      if (call.costUsd !== 0 || !agents.includes(call.agent)) return inner.record(call);
      const k = key(call.requestId, call.agent);
      held.set(k, [...(held.get(k) ?? []), call]);
    },
    take(requestId, agent) {
      const k = key(requestId, agent);
      const calls = held.get(k) ?? [];
      held.delete(k);
      return calls;
    },
  };
}
