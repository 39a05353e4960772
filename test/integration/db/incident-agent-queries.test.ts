import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_REQUESTS_TABLE, upsertChangeRequests } from '../../../lambdas/shared/db/change-requests';
import { upsertCiRelationships } from '../../../lambdas/shared/db/ci-relationships';
import { CONFIGURATION_ITEMS_TABLE, upsertConfigurationItems } from '../../../lambdas/shared/db/configuration-items';
import { INCIDENTS_TABLE, upsertIncidents } from '../../../lambdas/shared/db/incidents';
import { toVectorParam } from '../../../lambdas/shared/db/pool';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import {
  makeChangeRequest,
  makeCiRelationship,
  makeConfigurationItem,
  makeIncident,
  sysId,
  unitVector,
} from '../../fixtures/db/records';

// The incident agents' read functions of migration 017 (plans kept per session).

const DIMENSION = 4;
const QUERY = unitVector(DIMENSION, [1]);
const CI = sysId(9001);
const NEIGHBOUR_CI = sysId(9002);
const OPEN = ['new', 'in_progress', 'on_hold'];

let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: DIMENSION });
  await upsertConfigurationItems(db.pool, [
    { record: makeConfigurationItem({ sysId: CI, name: 'payroll-db-01' }) },
    { record: makeConfigurationItem({ sysId: NEIGHBOUR_CI, name: 'payroll-app-01' }) },
  ]);
  await upsertCiRelationships(db.pool, [
    {
      record: makeCiRelationship({ sysId: sysId(8001), parent: NEIGHBOUR_CI, child: CI, type: 'Depends on::Used by' }),
    },
  ]);
  await upsertIncidents(db.pool, [
    // Resolved history at cosine 1, 0.994, 0.707 and 0 from QUERY; one still open; one without an embedding.
    ...[
      { n: 1, components: [1], state: 'resolved' as const },
      { n: 2, components: [0.9, 0.1], state: 'closed' as const },
      { n: 3, components: [0.5, 0.5], state: 'resolved' as const },
      { n: 4, components: [0, 1], state: 'closed' as const },
      { n: 5, components: [1], state: 'new' as const },
    ].map(({ n, components, state }) => ({
      record: makeIncident({
        sysId: sysId(n),
        number: `INC000000${n}`,
        shortDescription: `incident ${n}`,
        state,
        closeNotes: state === 'new' ? null : `fixed ${n}`,
        cmdbCi: n === 5 ? CI : sysId(9100 + n),
        businessService: null,
        openedAt: `2025-03-0${n}T08:00:00.000Z`,
      }),
      embedding: { vector: unitVector(DIMENSION, components), textHash: `h${n}` },
    })),
    { record: makeIncident({ sysId: sysId(6), number: 'INC0000006', state: 'closed' }) },
  ]);
  await upsertChangeRequests(db.pool, [
    {
      record: makeChangeRequest({
        sysId: sysId(21),
        number: 'CHG0000021',
        cmdbCi: NEIGHBOUR_CI,
        startDate: '2025-03-05T06:00:00.000Z',
        endDate: '2025-03-05T07:00:00.000Z',
      }),
    },
  ]);
});
afterAll(async () => {
  await db.stop();
});

describe('similar_resolved_incidents', () => {
  it('returns the nearest resolved or closed incidents first, score = 1 − cosine distance, never the incident itself', async () => {
    // act
    const { rows } = await db.pool.query(
      'SELECT sys_id, number, close_notes, score FROM similar_resolved_incidents($1, $2, $3)',
      [toVectorParam(QUERY), sysId(1), 3],
    );
    // assert
    expect(rows.map((r) => [r.sys_id, r.number, r.close_notes])).toEqual([
      [sysId(2), 'INC0000002', 'fixed 2'],
      [sysId(3), 'INC0000003', 'fixed 3'],
      [sysId(4), 'INC0000004', 'fixed 4'],
    ]);
    expect(rows.map((r) => Number(r.score))).toEqual([
      expect.closeTo(0.9939, 4),
      expect.closeTo(Math.SQRT1_2, 4),
      expect.closeTo(0, 4),
    ]);
  });
});

describe('open_incident_candidates', () => {
  it('returns rows repositories map (the incident columns, then similarity)', async () => {
    // act
    const { rows, fields } = await db.pool.query(
      'SELECT * FROM open_incident_candidates($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [OPEN, sysId(99), '2025-03-05T00:00:00Z', '2025-03-06T00:00:00Z', CI, null, null, 0.6, 25],
    );
    // assert
    expect(fields.map((f) => f.name)).toEqual([...INCIDENTS_TABLE.columns.map((c) => c.column), 'similarity']);
    expect(rows.map((row) => INCIDENTS_TABLE.fromRow(row).number)).toEqual(['INC0000005']);
    expect(rows[0].similarity).toBe(0);
  });

  it('keeps answering each call by its own arguments once its plan is cached', async () => {
    // act: more calls than PostgreSQL's five custom plans, alternating a match and a miss
    const answers: string[][] = [];
    for (let call = 0; call < 8; call++) {
      const ci = call % 2 === 0 ? CI : NEIGHBOUR_CI;
      const embedding = call % 4 === 3 ? toVectorParam(QUERY) : null;
      const { rows } = await db.pool.query(
        'SELECT number FROM open_incident_candidates($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [OPEN, sysId(99), '2025-03-05T00:00:00Z', '2025-03-06T00:00:00Z', ci, embedding, null, 0.6, 25],
      );
      answers.push(rows.map((r) => r.number));
    }
    // assert: the same CI, or (calls 3 and 7) a text at cosine 1, finds INC0000005
    expect(answers).toEqual([
      ['INC0000005'],
      [],
      ['INC0000005'],
      ['INC0000005'],
      ['INC0000005'],
      [],
      ['INC0000005'],
      ['INC0000005'],
    ]);
  });
});

describe('incident_change_candidates', () => {
  it('returns a related CI’s change in the window with the relationship type, as the repository maps it', async () => {
    // act
    const { rows, fields } = await db.pool.query('SELECT * FROM incident_change_candidates($1, $2, $3)', [
      CI,
      '2025-03-04T08:00:00Z',
      '2025-03-05T08:00:00Z',
    ]);
    // assert
    expect(fields.map((f) => f.name)).toEqual([
      ...CHANGE_REQUESTS_TABLE.columns.map((c) => c.column),
      'relationship_type',
    ]);
    expect(rows.map((row) => [CHANGE_REQUESTS_TABLE.fromRow(row).number, row.relationship_type])).toEqual([
      ['CHG0000021', 'Depends on::Used by'],
    ]);
  });

  it('finds nothing outside the window', async () => {
    const { rows } = await db.pool.query('SELECT * FROM incident_change_candidates($1, $2, $3)', [
      CI,
      '2025-03-06T08:00:00Z',
      '2025-03-07T08:00:00Z',
    ]);
    expect(rows).toEqual([]);
  });
});

describe('incident_context', () => {
  it('returns the CI with every column the repository maps, its relationships and recent incidents', async () => {
    // act
    const { rows } = await db.pool.query('SELECT * FROM incident_context($1, $2, $3, $4)', [
      CI,
      '2025-03-01T00:00:00Z',
      '2025-03-31T00:00:00Z',
      5,
    ]);
    // assert
    const [row] = rows;
    expect(Object.keys(row.ci).sort()).toEqual(CONFIGURATION_ITEMS_TABLE.columns.map((c) => c.column).sort());
    expect(row.ci.name).toBe('payroll-db-01');
    expect(row.related).toEqual([
      {
        sys_id: sysId(8001),
        parent: NEIGHBOUR_CI,
        child: CI,
        type: 'Depends on::Used by',
        name: 'payroll-app-01',
        class_name: expect.any(String),
      },
    ]);
    // INC0000006 (no embedding) is on the CI too, opened earlier: newest first.
    expect(row.incidents.map((i: { number: string }) => i.number)).toEqual(['INC0000005', 'INC0000006']);
    expect(row.changes).toEqual([]);
  });
});
