import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  beginIncidentEnrichment,
  finishIncidentEnrichment,
  type IncidentEnrichment,
  type IncidentEnrichmentOutcome,
  incidentEnrichmentFromRow,
} from '../../../lambdas/shared/db/incident-enrichments';
import type { Queryable } from '../../../lambdas/shared/db/pool';
import type { InferenceCallRecord } from '../../../lambdas/shared/inference/accounting';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import { sysId } from '../../fixtures/db/records';
import { withReferenceCalls } from './reference-model-call-statements';

// The enrichment job's ending statement as the PL/pgSQL function of migration 019 (held
// calls as one jsonb array, recorded through record_model_calls since migration 021)
// stores exactly what the UPDATE with CTEs it replaced stored: the same script of
// deliveries and outcomes runs through the previous SQL (kept as the reference in
// reference-model-call-statements.ts and here) and through the repository, and the job
// rows, the audit trail and the daily spend are compared column by column, with what
// each call returned.

type Begin = typeof beginIncidentEnrichment;
type Finish = (
  db: Queryable,
  id: string,
  outcome: IncidentEnrichmentOutcome,
  calls: readonly InferenceCallRecord[],
) => Promise<IncidentEnrichment | null>;

const SCALARS = `id, incident_sys_id, incident_number, sys_updated_on, sys_mod_count, idempotency_key, status, correlation_id,
  error, created_at, updated_at, completed_at`;

// The statements beginIncidentEnrichment / finishIncidentEnrichment ran before migration 019
// (the delivery's INSERT is unchanged; it stays in the script for the returned jobs).
const referenceBegin: Begin = async (db, input) => {
  const inserted = await db.query(
    `INSERT INTO incident_enrichments
       (incident_sys_id, incident_number, sys_updated_on, sys_mod_count, idempotency_key, correlation_id, request)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
     ON CONFLICT DO NOTHING RETURNING ${SCALARS}, NULL::jsonb AS plan, NULL::jsonb AS result, NULL::jsonb AS usage`,
    [
      input.incidentSysId,
      input.incidentNumber,
      input.sysUpdatedOn,
      input.sysModCount ?? null,
      input.idempotencyKey ?? null,
      input.correlationId,
      JSON.stringify(input.request),
    ],
  );
  if (inserted.rows[0] !== undefined)
    return { enrichment: incidentEnrichmentFromRow({ ...inserted.rows[0], request: input.request }), created: true };
  const existing = await db.query(
    `SELECT ${SCALARS}, request, plan, result, usage FROM incident_enrichments
      WHERE ($4::text IS NOT NULL AND idempotency_key = $4)
         OR (incident_sys_id = $1 AND (sys_updated_on = $2 OR ($3::integer IS NOT NULL AND sys_mod_count = $3)))
      ORDER BY ($4::text IS NOT NULL AND idempotency_key IS NOT DISTINCT FROM $4) DESC, created_at
      LIMIT 1`,
    [input.incidentSysId, input.sysUpdatedOn, input.sysModCount ?? null, input.idempotencyKey ?? null],
  );
  return { enrichment: incidentEnrichmentFromRow(existing.rows[0]), created: false };
};

const referenceFinish: Finish = async (db, id, outcome, calls) => {
  const error = outcome.status === 'failed' ? outcome.error : outcome.status === 'parked' ? outcome.reason : null;
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  const statement = withReferenceCalls(
    calls,
    [id, outcome.status, json(outcome.result), json(outcome.usage), error, json(outcome.plan)],
    `UPDATE incident_enrichments
        SET status = $2, result = $3::jsonb, usage = $4::jsonb, error = $5, plan = $6::jsonb,
            updated_at = now(), completed_at = now()
      WHERE id = $1 AND status IN ('accepted', 'running')
      RETURNING ${SCALARS}, request`,
  );
  const { rows } = await db.query(statement.text, statement.values);
  if (rows[0] === undefined) return null;
  return incidentEnrichmentFromRow({
    ...rows[0],
    result: outcome.result ?? null,
    usage: outcome.usage ?? null,
    plan: outcome.plan ?? null,
  });
};

function call(
  over: Partial<InferenceCallRecord> & Pick<InferenceCallRecord, 'requestId' | 'agent'>,
): InferenceCallRecord {
  return {
    alias: 'default',
    provider: 'offline',
    modelId: 'offline-v1',
    operation: 'classify',
    inputHash: 'a'.repeat(64),
    output: { label: 'network', confidence: 0.71 },
    inputTokens: 250,
    outputTokens: 20,
    costUsd: 0,
    latencyMs: 1.6,
    status: 'succeeded',
    error: null,
    guardrail: null,
    day: '2026-11-27',
    ...over,
  };
}

/**
 * Deliveries (new, repeated by version, by mod count, by Idempotency-Key), outcomes
 * (completed with held calls, a late second ending, failed, parked) for one round;
 * returns what each call returned, ids and times left out (they differ between runs).
 */
async function script(db: Queryable, begin: Begin, finish: Finish, round: number): Promise<unknown[]> {
  const seen: unknown[] = [];
  const norm = (e: IncidentEnrichment | null) =>
    e === null
      ? null
      : { ...e, id: undefined, createdAt: undefined, updatedAt: undefined, completedAt: e.completedAt !== null };
  const took = async (input: Parameters<Begin>[1]) => {
    const { enrichment, created } = await begin(db, input);
    seen.push({ created, enrichment: norm(enrichment) });
    return enrichment;
  };
  const ended = async (...args: Parameters<Finish>) => {
    seen.push(norm(await finish(...args)));
  };
  const incident = sysId(1000 + round);
  const correlation = (n: number) => `corr-${round}-${n}`;
  const request = { sys_id: incident, number: `INC${round}`, short_description: 'VPN caída en Sevilla', n: [1, 2] };
  const a = await took({
    incidentSysId: incident,
    incidentNumber: `INC${round}`,
    sysUpdatedOn: '2026-11-27T10:00:00.000Z',
    sysModCount: 3,
    correlationId: correlation(1),
    request,
  });
  // The same version again, then a new timestamp with the same mod count: the first job.
  await took({
    incidentSysId: incident,
    incidentNumber: `INC${round}`,
    sysUpdatedOn: '2026-11-27T10:00:00.000Z',
    sysModCount: 3,
    correlationId: correlation(2),
    request,
  });
  await took({
    incidentSysId: incident,
    incidentNumber: `INC${round}`,
    sysUpdatedOn: '2026-11-27T10:05:00.000Z',
    sysModCount: 3,
    correlationId: correlation(3),
    request,
  });
  const keyed = await took({
    incidentSysId: sysId(2000 + round),
    incidentNumber: `INC${round}-K`,
    sysUpdatedOn: '2026-11-27T11:00:00.000Z',
    idempotencyKey: `key-${round}`,
    correlationId: correlation(4),
    request: { keyed: true },
  });
  // Another incident's delivery with the same key: the key wins.
  await took({
    incidentSysId: sysId(3000 + round),
    incidentNumber: `INC${round}-other`,
    sysUpdatedOn: '2026-11-27T12:00:00.000Z',
    idempotencyKey: `key-${round}`,
    correlationId: correlation(5),
    request: { other: true },
  });
  const calls = [
    call({ requestId: correlation(1), agent: 'tag-classifier' }),
    call({ requestId: correlation(1), agent: 'tag-classifier', operation: 'rank', latencyMs: 0.4 }),
    call({
      requestId: correlation(1),
      agent: 'similarity',
      output: null,
      status: 'failed',
      error: 'model timed out',
      guardrail: { action: 'INTERVENED', policies: ['PII', 'topic'] },
      provider: 'bedrock',
      alias: 'small',
      costUsd: 0.000125,
      inputTokens: 1200,
      outputTokens: 0,
    }),
    call({ requestId: correlation(1), agent: 'context-retriever', day: '2026-11-26', output: 'texto sin estructura' }),
  ];
  const plan = [{ agent: 'tag-classifier', run: true, reason: 'always' }];
  await ended(
    db,
    a.id,
    { status: 'completed', result: { agents: { z: 1, a: [null, 'ñ'] } }, usage: { tokens: 270 }, plan },
    calls.slice(0, round % 5),
  );
  // A late second ending: the outcome stays, its calls are still recorded.
  await ended(db, a.id, { status: 'failed', error: 'late' }, [
    call({ requestId: correlation(1), agent: 'tag-classifier', inputTokens: 7 }),
  ]);
  await ended(db, keyed.id, { status: 'failed', error: 'Every planned agent failed' }, []);
  const parked = await took({
    incidentSysId: sysId(4000 + round),
    incidentNumber: `INC${round}-P`,
    sysUpdatedOn: '2026-11-27T13:00:00.000Z',
    sysModCount: null,
    correlationId: correlation(6),
    request: [],
  });
  await ended(db, parked.id, { status: 'parked', reason: 'needs a person', result: { partial: true } }, []);
  return seen;
}

async function stored(db: Queryable) {
  const jobs = await db.query(
    `SELECT incident_sys_id, incident_number, sys_updated_on, sys_mod_count, idempotency_key, status, correlation_id,
            request, plan, result, usage, error, completed_at IS NOT NULL AS completed, updated_at >= created_at AS ordered
       FROM incident_enrichments ORDER BY incident_number`,
  );
  const runs = await db.query(
    `SELECT correlation_id, agent, input_hash, output, output IS NULL AS output_is_sql_null, model, input_tokens,
            output_tokens, latency_ms, status, error,
            alias, provider, operation, cost_usd, guardrail_action, guardrail_policies
       FROM agent_runs ORDER BY correlation_id, agent, operation, input_tokens, latency_ms`,
  );
  const spend = await db.query(
    `SELECT day::text, scope, name, spent_usd, calls, input_tokens, output_tokens
       FROM inference_spend ORDER BY day, scope, name`,
  );
  return { jobs: jobs.rows, runs: runs.rows, spend: spend.rows };
}

let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: 4 });
});

afterAll(async () => {
  await db?.stop();
});

describe('finish_incident_enrichment (migrations 019 and 021)', () => {
  it('store the same rows and return the same jobs as the statements they replaced', async () => {
    const clear = () => db.pool.query('TRUNCATE incident_enrichments, agent_runs, inference_spend');
    // Eight rounds: past the calls after which PostgreSQL may switch a function's statements to a generic plan.
    const run = async (begin: Begin, finish: Finish) => {
      await clear();
      const returned = [];
      for (let round = 0; round < 8; round++) returned.push(await script(db.pool, begin, finish, round));
      return { returned, stored: await stored(db.pool) };
    };
    const before = await run(referenceBegin, referenceFinish);
    const after = await run(beginIncidentEnrichment, finishIncidentEnrichment);
    expect(after.stored).toEqual(before.stored);
    expect(after.returned).toEqual(before.returned);
    // The script exercised what it claims: calls on two days, accumulated, a NULL output, guardrail policies.
    expect(after.stored.jobs).toHaveLength(8 * 3);
    expect(after.stored.runs.length).toBe([0, 1, 2, 3, 4, 0, 1, 2].reduce((n, k) => n + k + 1, 0));
    expect(after.stored.runs.filter((r) => r.output === null)).toHaveLength(2);
    expect(after.stored.runs.find((r) => r.guardrail_policies !== null)?.guardrail_policies).toEqual(['PII', 'topic']);
    expect(after.stored.spend).toContainEqual({
      day: '2026-11-27',
      scope: 'agent',
      name: 'tag-classifier',
      spent_usd: '0.000000000',
      // 8 late calls (7 input tokens each), the first held call in 6 rounds, the second in 4.
      calls: 18,
      input_tokens: '2556',
      output_tokens: '360',
    });
  });

  it('record the held calls whether or not the job was still open, and none for an empty array', async () => {
    await db.pool.query('TRUNCATE incident_enrichments, agent_runs, inference_spend');
    const { enrichment } = await beginIncidentEnrichment(db.pool, {
      incidentSysId: sysId(77),
      incidentNumber: 'INC0000077',
      sysUpdatedOn: '2026-11-27T09:00:00.000Z',
      correlationId: 'c-77',
      request: { n: 77 },
    });
    expect(await finishIncidentEnrichment(db.pool, enrichment.id, { status: 'completed', result: 1 })).not.toBeNull();
    const { rows: none } = await db.pool.query('SELECT count(*)::int AS n FROM agent_runs');
    expect(none[0].n).toBe(0);
    const again = await finishIncidentEnrichment(db.pool, enrichment.id, { status: 'failed', error: 'x' }, [
      call({ requestId: 'c-77', agent: 'tag-classifier' }),
    ]);
    expect(again).toBeNull();
    const { rows } = await db.pool.query('SELECT correlation_id, latency_ms FROM agent_runs');
    expect(rows).toEqual([{ correlation_id: 'c-77', latency_ms: 2 }]);
    const { rows: job } = await db.pool.query('SELECT status, result FROM incident_enrichments WHERE id = $1', [
      enrichment.id,
    ]);
    expect(job).toEqual([{ status: 'completed', result: 1 }]);
  });
});
