import type { StatementPart } from '../db/change-validations';
import type { InferenceCallRecord, InferenceLedger } from './accounting';

/** A ledger that holds an agent's free calls until its step ends (see {@link createBufferedLedger}). */
export interface BufferedLedger extends InferenceLedger {
  /** Removes and returns the held calls of one job's agent, oldest first. */
  take(requestId: string, agent: string): InferenceCallRecord[];
}

/**
 * Wraps the inference ledger so that the calls of the named agents that cost nothing
 * (the offline provider, a zero-priced model) are held in memory and written with the
 * agent's step result in one statement ({@link inferenceCallsParts}) instead of two
 * statements per call. A priced call is recorded at once, as before, so the daily
 * budgets read the spend of every call before the next.
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

/**
 * The statement parts that record calls as the PostgreSQL ledger does, in bulk: one
 * `agent_runs` row per call (audit, migration 012) and the calls added to each alias's
 * and agent's day in `inference_spend` (migration 013).
 */
export function inferenceCallsParts(calls: readonly InferenceCallRecord[]): StatementPart[] {
  if (calls.length === 0) return [];
  const runs: StatementPart = (param) => {
    const tuples = calls.map(
      (c) =>
        `(${[
          param(c.requestId),
          param(c.agent),
          param(c.inputHash),
          `${param(c.output === null || c.output === undefined ? null : JSON.stringify(c.output))}::jsonb`,
          param(c.modelId),
          `${param(c.inputTokens)}::integer`,
          `${param(c.outputTokens)}::integer`,
          `${param(Math.round(c.latencyMs))}::integer`,
          param(c.status),
          param(c.error),
          param(c.alias),
          param(c.provider),
          param(c.operation),
          `${param(c.costUsd.toFixed(9))}::numeric`,
          param(c.guardrail?.action ?? null),
          `${param(c.guardrail === null ? null : [...c.guardrail.policies])}::text[]`,
        ].join(', ')})`,
    );
    return `INSERT INTO agent_runs
       (correlation_id, agent, input_hash, output, model, input_tokens, output_tokens, latency_ms, status, error,
        alias, provider, operation, cost_usd, guardrail_action, guardrail_policies)
     VALUES ${tuples.join(', ')}`;
  };
  const totals = new Map<
    string,
    { day: string; scope: string; name: string; usd: number; n: number; i: number; o: number }
  >();
  for (const c of calls) {
    for (const [scope, name] of [
      ['alias', c.alias],
      ['agent', c.agent],
    ] as const) {
      const k = `${c.day}\u0000${scope}\u0000${name}`;
      const t = totals.get(k) ?? { day: c.day, scope, name, usd: 0, n: 0, i: 0, o: 0 };
      t.usd += c.costUsd;
      t.n += 1;
      t.i += c.inputTokens;
      t.o += c.outputTokens;
      totals.set(k, t);
    }
  }
  const spend: StatementPart = (param) => {
    const tuples = [...totals.values()].map(
      (t) =>
        `(${param(t.day)}::date, ${param(t.scope)}, ${param(t.name)}, ${param(t.usd.toFixed(9))}::numeric, ${param(t.n)}::integer, ${param(t.i)}::bigint, ${param(t.o)}::bigint)`,
    );
    return `INSERT INTO inference_spend AS s (day, scope, name, spent_usd, calls, input_tokens, output_tokens)
     VALUES ${tuples.join(', ')}
     ON CONFLICT (day, scope, name) DO UPDATE SET
       spent_usd = s.spent_usd + EXCLUDED.spent_usd,
       calls = s.calls + EXCLUDED.calls,
       input_tokens = s.input_tokens + EXCLUDED.input_tokens,
       output_tokens = s.output_tokens + EXCLUDED.output_tokens,
       updated_at = now()`;
  };
  return [runs, spend];
}
