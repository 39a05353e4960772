import type { Queryable } from './pool';

/**
 * Daily model spend per alias and per agent (migration 013), added by `record_model_calls`
 * with each call's audit row (`recordModelCalls` in agent-runs.ts).
 */

/** What a budget is kept for. */
export type SpendScope = 'alias' | 'agent';

/** The spend of one alias or agent on one day. */
export interface DailySpend {
  readonly spentUsd: number;
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** The spend of one alias or agent on a UTC day; zero when nothing was spent. */
export async function getInferenceSpend(
  db: Queryable,
  day: string,
  scope: SpendScope,
  name: string,
): Promise<DailySpend> {
  const { rows } = await db.query<{ spent_usd: string; calls: number; input_tokens: string; output_tokens: string }>(
    'SELECT spent_usd, calls, input_tokens, output_tokens FROM inference_spend WHERE day = $1 AND scope = $2 AND name = $3',
    [day, scope, name],
  );
  const row = rows[0];
  if (row === undefined) return { spentUsd: 0, calls: 0, inputTokens: 0, outputTokens: 0 };
  return {
    spentUsd: Number(row.spent_usd),
    calls: row.calls,
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
  };
}
