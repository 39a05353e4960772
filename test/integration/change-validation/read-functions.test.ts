import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkContextSql } from '../../../lambdas/change-validation/content-validator';
import { modelCandidatesOf, modelCandidatesSql } from '../../../lambdas/change-validation/model-analyst';
import { ciClassSql } from '../../../lambdas/change-validation/rule-extractor';
import {
  nearestChangeModels,
  nearestChangeModelsSql,
  upsertChangeModels,
} from '../../../lambdas/shared/db/change-models';
import { upsertChangeRequests } from '../../../lambdas/shared/db/change-requests';
import { beginChangeValidation, type StatementPart } from '../../../lambdas/shared/db/change-validations';
import { upsertConfigurationItems } from '../../../lambdas/shared/db/configuration-items';
import type { ChangeRequest } from '../../../lambdas/shared/records';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import {
  makeChangeModel,
  makeChangeRequest,
  makeConfigurationItem,
  sysId,
  unitVector,
} from '../../fixtures/db/records';

// Migration 018's functions against the inline SQL they replaced (kept here as the reference).

const DIMENSION = 4;
const CI = sysId(9001);
const OTHER_CI = sysId(9002);

// The Content Validator's check facts as inline SQL (before migration 018).
function inlineCheckFacts(change: ChangeRequest): StatementPart {
  return (param) => {
    const ci = param(change.cmdbCi);
    const [start, end] = [param(change.startDate), param(change.endDate)];
    return `jsonb_build_object(
      'criticality', (SELECT business_criticality FROM configuration_items WHERE sys_id = ${ci}::text),
      'conflicts', (SELECT jsonb_agg(c ORDER BY c.start_date) FROM (
         SELECT number, start_date, end_date FROM change_requests
          WHERE ${start}::timestamptz IS NOT NULL AND ${end}::timestamptz IS NOT NULL
            AND cmdb_ci = ${ci}::text AND sys_id <> ${param(change.sysId)}::text
            AND state = ANY(${param([-4, -3, -2, -1])}::smallint[])
            AND start_date < ${end}::timestamptz AND end_date > ${start}::timestamptz
          ORDER BY start_date LIMIT 10) c))`;
  };
}

async function readValue(db: TestDatabase, part: StatementPart): Promise<unknown> {
  const values: unknown[] = [];
  const sql = part((value) => {
    values.push(value);
    return `$${values.length}`;
  });
  const { rows } = await db.pool.query<{ value: unknown }>(`SELECT ${sql} AS value`, values);
  return rows[0]?.value;
}

let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: DIMENSION });
  await upsertConfigurationItems(db.pool, [
    {
      record: makeConfigurationItem({
        sysId: CI,
        className: 'cmdb_ci_linux_server',
        businessCriticality: '2_somewhat_critical',
      }),
    },
    { record: makeConfigurationItem({ sysId: OTHER_CI, className: 'cmdb_ci_db_mysql_instance' }) },
  ]);
  // 21 changes on the CI, one a day from 10 March 22:00 for 3 hours, in alternating states; one on another CI.
  const states = ['scheduled', 'implement', 'new', 'assess', 'authorize', 'closed', 'scheduled'] as const;
  await upsertChangeRequests(db.pool, [
    ...Array.from({ length: 21 }, (_, n) => ({
      record: makeChangeRequest({
        sysId: sysId(500 + n),
        number: `CHG00500${String(n).padStart(2, '0')}`,
        state: states[n % states.length] ?? 'new',
        cmdbCi: CI,
        startDate: new Date(Date.UTC(2025, 2, 10 + (n % 7), 22)).toISOString(),
        endDate: new Date(Date.UTC(2025, 2, 11 + (n % 7), 1)).toISOString(),
      }),
    })),
    { record: makeChangeRequest({ sysId: sysId(600), number: 'CHG0060000', state: 'scheduled', cmdbCi: OTHER_CI }) },
  ]);
  await upsertChangeModels(
    db.pool,
    Array.from({ length: 7 }, (_, n) => ({
      record: makeChangeModel({ sysId: sysId(700 + n), name: `Model ${n}`, active: n !== 2 }),
      embedding: { vector: unitVector(DIMENSION, [1, n / 3, (n % 3) / 2, n === 4 ? 0 : 0.1]), textHash: `m${n}` },
    })),
  );
});
afterAll(async () => {
  await db.stop();
});

describe('change validation read functions (migration 018)', () => {
  it('reads the CI class as the inline SELECT did, and null for an unknown CI', async () => {
    // act
    const known = await readValue(db, ciClassSql(CI));
    const unknown = await readValue(db, ciClassSql(sysId(9999)));
    // assert
    expect(known).toBe('cmdb_ci_linux_server');
    expect(unknown).toBeNull();
  });

  it('reads the check facts as the inline SQL did: criticality and at most 10 overlapping scheduled changes', async () => {
    // arrange: windows that overlap many, one, none of the changes, an open window and other CIs
    const changes = [
      makeChangeRequest({
        sysId: sysId(500),
        cmdbCi: CI,
        startDate: '2025-03-09T00:00:00.000Z',
        endDate: '2025-03-20T00:00:00.000Z',
      }),
      makeChangeRequest({
        sysId: sysId(1),
        cmdbCi: CI,
        startDate: '2025-03-11T23:00:00.000Z',
        endDate: '2025-03-11T23:30:00.000Z',
      }),
      makeChangeRequest({
        sysId: sysId(1),
        cmdbCi: CI,
        startDate: '2025-04-01T00:00:00.000Z',
        endDate: '2025-04-02T00:00:00.000Z',
      }),
      makeChangeRequest({ sysId: sysId(1), cmdbCi: CI, startDate: null, endDate: '2025-03-12T00:00:00.000Z' }),
      makeChangeRequest({ sysId: sysId(1), cmdbCi: OTHER_CI }),
      makeChangeRequest({ sysId: sysId(1), cmdbCi: sysId(9999) }),
    ];
    // act
    const pairs = [];
    for (const change of changes)
      pairs.push({
        fn: await readValue(db, checkContextSql(change)),
        inline: await readValue(db, inlineCheckFacts(change)),
      });
    // assert
    for (const { fn, inline } of pairs) expect(fn).toEqual(inline);
    const wide = pairs[0]?.fn as { criticality: string; conflicts: { number: string }[] };
    expect(wide.criticality).toBe('2_somewhat_critical');
    expect(wide.conflicts).toHaveLength(10);
    expect(wide.conflicts.map((c) => c.number)).not.toContain('CHG0050000');
    // the changes of 11 March 22:00–01:00 in state implement (n = 1, 8, 15)
    expect(pairs[1]?.fn).toMatchObject({ conflicts: [{}, {}, {}] });
    expect(pairs[2]?.fn).toEqual({ criticality: '2_somewhat_critical', conflicts: null });
    expect(pairs[3]?.fn).toEqual({ criticality: '2_somewhat_critical', conflicts: null });
    expect(pairs[5]?.fn).toEqual({ criticality: null, conflicts: null });
  });

  it('reads the model candidates as nearestChangeModelsSql did: the 4 nearest active models, best first', async () => {
    // arrange
    const vector = unitVector(DIMENSION, [1, 0.7, 0.4, 0.1]);
    const embedder = { dimension: DIMENSION, embed: async (texts: readonly string[]) => texts.map(() => vector) };
    const catalogues = { embed: async (_e: unknown, _text: string) => vector };
    // act
    const part = await modelCandidatesSql(
      { embedder, catalogues } as unknown as Parameters<typeof modelCandidatesSql>[0],
      makeChangeRequest(),
    );
    const fn = modelCandidatesOf(await readValue(db, part as StatementPart));
    const inline = modelCandidatesOf(await readValue(db, nearestChangeModelsSql(vector, 4)));
    const direct = await nearestChangeModels(db.pool, vector, 4);
    // assert
    expect(fn).toEqual(inline);
    expect(fn).toEqual(direct);
    expect(fn).toHaveLength(4);
    expect(fn.map((m) => m.sysId)).not.toContain(sysId(702));
    expect(fn.map((m) => m.score)).toEqual([...fn.map((m) => m.score)].sort((a, b) => b - a));
  });

  it('begins a job once: a retry by version, by mod count or by key returns the first job with created = false', async () => {
    // arrange
    const delivery = {
      changeSysId: sysId(800),
      changeNumber: 'CHG0080000',
      sysUpdatedOn: '2025-05-01T09:00:00.000Z',
      sysModCount: 3,
      idempotencyKey: 'key-800',
      correlationId: 'corr-800',
      request: { sys_id: sysId(800), number: 'CHG0080000' },
    };
    // act
    const first = await beginChangeValidation(db.pool, delivery);
    const sameVersion = await beginChangeValidation(db.pool, { ...delivery, idempotencyKey: null, sysModCount: null });
    const sameModCount = await beginChangeValidation(db.pool, {
      ...delivery,
      idempotencyKey: null,
      sysUpdatedOn: '2025-05-01T09:00:05.000Z',
    });
    const sameKey = await beginChangeValidation(db.pool, {
      ...delivery,
      changeSysId: sysId(801),
      sysModCount: null,
      sysUpdatedOn: '2025-05-02T09:00:00.000Z',
    });
    const newVersion = await beginChangeValidation(db.pool, {
      ...delivery,
      idempotencyKey: 'key-801',
      sysModCount: 4,
      sysUpdatedOn: '2025-05-02T09:00:00.000Z',
      correlationId: 'corr-801',
    });
    // assert
    expect(first.created).toBe(true);
    expect(first.validation).toMatchObject({
      changeSysId: sysId(800),
      sysModCount: 3,
      idempotencyKey: 'key-800',
      status: 'accepted',
      request: delivery.request,
      correlationId: 'corr-800',
    });
    for (const retry of [sameVersion, sameModCount, sameKey]) {
      expect(retry.created).toBe(false);
      expect(retry.validation).toEqual(first.validation);
    }
    expect(newVersion.created).toBe(true);
    expect(newVersion.validation.id).not.toBe(first.validation.id);
  });
});
