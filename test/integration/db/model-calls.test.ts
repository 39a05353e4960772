import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { modelCallsJson, recordModelCalls } from '../../../lambdas/shared/db/agent-runs';
import { getInferenceSpend } from '../../../lambdas/shared/db/inference-spend';
import { createPostgresLedger, type InferenceCallRecord } from '../../../lambdas/shared/inference/accounting';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import { referenceRecordModelCall, storedModelCalls, withReferenceCalls } from './reference-model-call-statements';

// record_model_calls (migration 021) is the one mapping of model calls to their rows. The
// same batches of calls go through the statements it replaced (kept verbatim as the
// reference) and through it, and the audit rows and daily totals are compared column by
// column: held calls as data-modifying CTEs, and the PostgreSQL ledger's call-at-a-time
// statement.

function call(over: Partial<InferenceCallRecord> = {}): InferenceCallRecord {
  return {
    requestId: 'corr-1',
    agent: 'content-validator',
    alias: 'default',
    provider: 'offline',
    modelId: 'offline-v1',
    operation: 'judge',
    inputHash: 'b'.repeat(64),
    output: { verdict: 'pass', reasons: ['plan de vuelta atrás: sí'] },
    inputTokens: 310,
    outputTokens: 24,
    costUsd: 0,
    latencyMs: 2.4,
    status: 'succeeded',
    error: null,
    guardrail: null,
    day: '2026-11-27',
    ...over,
  };
}

/** Round `round`'s calls: two days, two aliases and agents, priced and free, a failed one with a guardrail, text output. */
function batch(round: number): InferenceCallRecord[] {
  const corr = `corr-${round}`;
  const calls = [
    call({ requestId: corr, inputHash: `${round}`.padStart(64, '0') }),
    call({ requestId: corr, agent: 'aim-model-analyst', operation: 'rank', latencyMs: 0.5, output: [1, 2, 3] }),
    call({
      requestId: corr,
      agent: 'aim-model-analyst',
      alias: 'premium',
      provider: 'bedrock',
      modelId: 'anthropic.claude',
      output: null,
      status: 'failed',
      error: 'ThrottlingException',
      guardrail: { action: 'INTERVENED', policies: ['PII', 'prompt-attack'] },
      costUsd: 0.000125 * (round + 1),
      inputTokens: 1200 + round,
      outputTokens: 0,
    }),
    call({ requestId: corr, day: '2026-11-26', output: 'texto libre', costUsd: 0.0000031, alias: 'premium' }),
    call({ requestId: corr, latencyMs: 1234.5, inputTokens: 0, outputTokens: 0 }),
  ];
  return calls.slice(0, 1 + (round % calls.length));
}

let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: 4 });
});
afterAll(async () => {
  await db?.stop();
});
beforeEach(async () => {
  await db.pool.query('TRUNCATE agent_runs, inference_spend');
});

// Eight rounds: past the calls after which PostgreSQL may switch a function's statements to a generic plan.
const ROUNDS = 8;

describe('record_model_calls (migration 021)', () => {
  it('stores the same rows as the held calls’ CTEs it replaced, batch by batch', async () => {
    // arrange
    const run = async (record: (calls: InferenceCallRecord[]) => Promise<unknown>) => {
      await db.pool.query('TRUNCATE agent_runs, inference_spend');
      for (let round = 0; round < ROUNDS; round++) await record(batch(round));
      return storedModelCalls(db.pool);
    };
    // act
    const before = await run(async (calls) => {
      const statement = withReferenceCalls(calls, [], 'SELECT 1');
      return db.pool.query(statement.text, statement.values);
    });
    const after = await run((calls) => recordModelCalls(db.pool, calls));
    // assert
    expect(after).toEqual(before);
    // The batches exercised what they claim: accumulated totals on two days, SQL NULL outputs, guardrails.
    expect(after.runs).toHaveLength([1, 2, 3, 4, 5, 1, 2, 3].reduce((a, b) => a + b, 0));
    expect(after.runs.filter((r) => r.output_is_sql_null)).toHaveLength(4);
    expect(after.spend.map((s) => s.day)).toEqual(expect.arrayContaining(['2026-11-26', '2026-11-27']));
    expect(after.spend).toContainEqual({
      day: '2026-11-27',
      scope: 'alias',
      name: 'premium',
      // 0.000125 x (round + 1) over rounds 2, 3, 4 and 7.
      spent_usd: (0.000125 * (3 + 4 + 5 + 8)).toFixed(9),
      calls: 4,
      input_tokens: String(1200 * 4 + 2 + 3 + 4 + 7),
      output_tokens: '0',
    });
  });

  it('stores the same rows as the ledger’s call-at-a-time statement, except a missing output is SQL NULL', async () => {
    // arrange
    const calls = Array.from({ length: ROUNDS }, (_, round) => batch(round)).flat();
    const run = async (record: (c: InferenceCallRecord) => Promise<unknown>) => {
      await db.pool.query('TRUNCATE agent_runs, inference_spend');
      for (const c of calls) await record(c);
      return storedModelCalls(db.pool);
    };
    const ledger = createPostgresLedger(db.pool);
    // act
    const before = await run((c) => referenceRecordModelCall(db.pool, c));
    const after = await run((c) => ledger.record(c));
    // assert
    expect(after.spend).toEqual(before.spend);
    // The previous statement stored a failed call's output as the JSON null; every other path, and now this one, as SQL NULL.
    expect(after.runs).toEqual(before.runs.map((r) => ({ ...r, output_is_sql_null: r.output === null })));
    expect(before.runs.filter((r) => r.output === null && !r.output_is_sql_null)).toHaveLength(4);
  });

  it('records nothing, and sends no statement, for no calls', async () => {
    // arrange
    let statements = 0;
    const counting = {
      query: (...args: Parameters<typeof db.pool.query>) => {
        statements++;
        return db.pool.query(...args);
      },
    };
    // act
    await recordModelCalls(counting as unknown as typeof db.pool, []);
    await db.pool.query("SELECT record_model_calls('[]'::jsonb), record_model_calls(NULL)");
    // assert
    expect(statements).toBe(0);
    expect(await storedModelCalls(db.pool)).toEqual({ runs: [], spend: [] });
  });

  it('adds to a day atomically under concurrent calls', async () => {
    // act
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        recordModelCalls(db.pool, [call({ requestId: `c-${n}`, alias: 'fast', costUsd: 0.001, inputTokens: 10 })]),
      ),
    );
    // assert
    expect(await getInferenceSpend(db.pool, '2026-11-27', 'alias', 'fast')).toEqual({
      spentUsd: 0.02,
      calls: 20,
      inputTokens: 200,
      outputTokens: 20 * 24,
    });
  });

  it('maps a call to one row with the day its spend counts against', () => {
    // act
    const json = JSON.parse(
      modelCallsJson([call({ latencyMs: 2.5, costUsd: 1e-10, guardrail: { action: 'INTERVENED', policies: ['x'] } })]),
    );
    // assert
    expect(json).toEqual([
      {
        correlation_id: 'corr-1',
        agent: 'content-validator',
        input_hash: 'b'.repeat(64),
        output: { verdict: 'pass', reasons: ['plan de vuelta atrás: sí'] },
        model: 'offline-v1',
        input_tokens: 310,
        output_tokens: 24,
        latency_ms: 3,
        status: 'succeeded',
        error: null,
        alias: 'default',
        provider: 'offline',
        operation: 'judge',
        cost_usd: '0.000000000',
        guardrail_action: 'INTERVENED',
        guardrail_policies: ['x'],
        day: '2026-11-27',
      },
    ]);
  });
});
