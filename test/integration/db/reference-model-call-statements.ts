import type { StatementPart } from '../../../lambdas/shared/db/change-validations';
import type { Queryable } from '../../../lambdas/shared/db/pool';
import type { InferenceCallRecord } from '../../../lambdas/shared/inference/accounting';

// The statements that recorded model calls before migration 021, kept verbatim as the
// reference the tests compare `record_model_calls` (and the paths built on it) against.

/**
 * Held calls as data-modifying CTEs (change validation's step statement, and the
 * incident enrichment's ending UPDATE before migration 019): `inferenceCallsParts` of
 * lambdas/shared/inference/ledger-buffer.ts.
 */
export function referenceCallsParts(calls: readonly InferenceCallRecord[]): StatementPart[] {
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

/** The CTEs of {@link referenceCallsParts} before `main`, its parameters numbered after `values`. */
export function withReferenceCalls(
  calls: readonly InferenceCallRecord[],
  values: unknown[],
  main: string,
): { text: string; values: unknown[] } {
  const all = [...values];
  const param = (value: unknown) => {
    all.push(value);
    return `$${all.length}`;
  };
  const ctes = referenceCallsParts(calls).map((part, n) => `part${n} AS (${part(param)})`);
  return { text: `${ctes.length === 0 ? '' : `WITH ${ctes.join(', ')} `}${main}`, values: all };
}

/**
 * One call as the PostgreSQL ledger recorded it (createPostgresLedger → recordModelCall of
 * lambdas/shared/db/agent-runs.ts, with spendUpsertSql/spendParams of inference-spend.ts).
 */
export async function referenceRecordModelCall(db: Queryable, call: InferenceCallRecord): Promise<void> {
  const params = [
    call.requestId,
    call.agent,
    call.inputHash,
    JSON.stringify(call.output ?? null),
    call.modelId,
    call.inputTokens,
    call.outputTokens,
    Math.round(call.latencyMs),
    call.status,
    call.error,
    call.alias,
    call.provider,
    call.operation,
    call.costUsd.toFixed(9),
    call.guardrail?.action ?? null,
    call.guardrail ? [...call.guardrail.policies] : null,
  ];
  const spend = [call.day, call.alias, call.agent, call.costUsd.toFixed(9), call.inputTokens, call.outputTokens];
  await db.query(
    `WITH run AS (INSERT INTO agent_runs
       (correlation_id, agent, input_hash, output, model, input_tokens, output_tokens, latency_ms, status, error,
        alias, provider, operation, cost_usd, guardrail_action, guardrail_policies)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id)
     INSERT INTO inference_spend AS s (day, scope, name, spent_usd, calls, input_tokens, output_tokens)
     VALUES ($17, 'alias', $18, $20, 1, $21, $22), ($17, 'agent', $19, $20, 1, $21, $22)
     ON CONFLICT (day, scope, name) DO UPDATE SET
       spent_usd = s.spent_usd + EXCLUDED.spent_usd,
       calls = s.calls + 1,
       input_tokens = s.input_tokens + EXCLUDED.input_tokens,
       output_tokens = s.output_tokens + EXCLUDED.output_tokens,
       updated_at = now()`,
    [...params, ...spend],
  );
}

/** The audit rows and daily totals as stored, in a stable order (ids and times left out). */
export async function storedModelCalls(db: Queryable) {
  const runs = await db.query(
    `SELECT correlation_id, agent, input_hash, output, output IS NULL AS output_is_sql_null, model, input_tokens,
            output_tokens, latency_ms, status, error, alias, provider, operation, cost_usd, guardrail_action,
            guardrail_policies
       FROM agent_runs ORDER BY correlation_id, agent, operation, input_tokens, latency_ms, input_hash`,
  );
  const spend = await db.query(
    `SELECT day::text, scope, name, spent_usd, calls, input_tokens, output_tokens
       FROM inference_spend ORDER BY day, scope, name`,
  );
  return { runs: runs.rows, spend: spend.rows };
}
