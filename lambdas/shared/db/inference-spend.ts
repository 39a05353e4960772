import type { Queryable } from './pool';

/** Daily model spend per alias and per agent (migration 013). */

/** What a budget is kept for. */
export type SpendScope = 'alias' | 'agent';

/** One call's contribution to the day's spend. */
export interface SpendIncrement {
  /** The UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly alias: string;
  readonly agent: string;
  readonly costUsd: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** The spend of one alias or agent on one day. */
export interface DailySpend {
  readonly spentUsd: number;
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** Adds a call to both its alias's and its agent's day in one atomic statement. */
export async function addInferenceSpend(db: Queryable, increment: SpendIncrement): Promise<void> {
  await db.query(spendUpsertSql(1), spendParams(increment));
}

/** The upsert of {@link addInferenceSpend}, its six parameters numbered from `first`. */
export function spendUpsertSql(first: number): string {
  const [day, alias, agent, cost, input, output] = [0, 1, 2, 3, 4, 5].map((i) => `$${first + i}`);
  return `INSERT INTO inference_spend AS s (day, scope, name, spent_usd, calls, input_tokens, output_tokens)
     VALUES (${day}, 'alias', ${alias}, ${cost}, 1, ${input}, ${output}), (${day}, 'agent', ${agent}, ${cost}, 1, ${input}, ${output})
     ON CONFLICT (day, scope, name) DO UPDATE SET
       spent_usd = s.spent_usd + EXCLUDED.spent_usd,
       calls = s.calls + 1,
       input_tokens = s.input_tokens + EXCLUDED.input_tokens,
       output_tokens = s.output_tokens + EXCLUDED.output_tokens,
       updated_at = now()`;
}

/** The parameters of {@link spendUpsertSql}, in order. */
export function spendParams(increment: SpendIncrement): unknown[] {
  return [
    increment.day,
    increment.alias,
    increment.agent,
    increment.costUsd.toFixed(9),
    increment.inputTokens,
    increment.outputTokens,
  ];
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
