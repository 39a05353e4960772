import type { InferenceCallRecord, InferenceLedger } from '../shared/inference';
import { type AgentUsage, NO_USAGE } from './agent-contract';

/** A ledger that also keeps each call's tokens and cost until the agent that made it takes them. */
export interface UsageTap {
  readonly ledger: InferenceLedger;
  /** The usage recorded for (request, agent) since the last take, and forgets it. */
  take(requestId: string, agent: string): AgentUsage;
}

/**
 * Wraps the inference ledger so an agent can report the model calls it made: every call
 * is still recorded by the wrapped ledger (audit trail, budgets); the tap only sums
 * tokens and cost per (request id, agent) in memory.
 */
export function createUsageTap(inner: InferenceLedger): UsageTap {
  const open = new Map<string, AgentUsage>();
  const key = (requestId: string, agent: string) => `${requestId}\u0000${agent}`;
  return {
    ledger: {
      spent: (day, scope, name) => inner.spent(day, scope, name),
      async record(call: InferenceCallRecord) {
        const k = key(call.requestId, call.agent);
        const u = open.get(k) ?? NO_USAGE;
        open.set(k, {
          modelCalls: u.modelCalls + 1,
          inputTokens: u.inputTokens + call.inputTokens,
          outputTokens: u.outputTokens + call.outputTokens,
          estimatedCostUsd: u.estimatedCostUsd + call.costUsd,
        });
        await inner.record(call);
      },
    },
    take(requestId, agent) {
      const k = key(requestId, agent);
      const u = open.get(k) ?? NO_USAGE;
      open.delete(k);
      return u;
    },
  };
}
