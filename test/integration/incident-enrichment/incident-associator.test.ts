import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOpenIncidents } from '../../../lambdas/incident-associator';
import { upsertIncidents } from '../../../lambdas/shared/db/incidents';
import type { Incident } from '../../../lambdas/shared/records';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import { makeIncident, sysId, unitVector } from '../../fixtures/db/records';

const OPENED_AT = '2025-03-11T12:00:00.000Z';
const minutesFrom = (minutes: number) => new Date(Date.parse(OPENED_AT) + minutes * 60_000).toISOString();
const CI = sysId(9001);
const SAME = unitVector(8, [1, 0, 0]);
const NEAR = unitVector(8, [0.9, 0.1, 0]);
const FAR = unitVector(8, [0, 0, 1]);

let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: 8 });
  const incident = (n: number, overrides: Partial<Incident>, vector: number[]) => ({
    record: makeIncident({
      sysId: sysId(400 + n),
      number: `INC00004${10 + n}`,
      cmdbCi: null,
      businessService: null,
      state: 'in_progress',
      ...overrides,
    }),
    embedding: { vector, textHash: `h${n}` },
  });
  await upsertIncidents(db.pool, [
    incident(1, { cmdbCi: CI, openedAt: minutesFrom(-30) }, FAR),
    incident(2, { businessService: 'Payroll', openedAt: minutesFrom(-90) }, FAR),
    incident(3, { openedAt: minutesFrom(-10) }, NEAR),
    incident(4, { openedAt: minutesFrom(-10) }, FAR),
    incident(5, { cmdbCi: CI, state: 'resolved', openedAt: minutesFrom(-30) }, SAME),
    incident(6, { cmdbCi: CI, openedAt: minutesFrom(-600) }, SAME),
    incident(7, { cmdbCi: CI, openedAt: minutesFrom(0) }, SAME),
  ]);
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

describe('findOpenIncidents', () => {
  it('finds open incidents in the window on the same CI, the same service, or with similar text, most similar first', async () => {
    // act
    const found = await findOpenIncidents(db.pool, {
      incidentSysId: sysId(407),
      cmdbCi: CI,
      businessService: 'Payroll',
      openedAt: OPENED_AT,
      windowHours: 4,
      embedding: SAME,
    });
    // assert
    expect(found.map((f) => f.incident.number)).toEqual(['INC0000413', 'INC0000411', 'INC0000412']);
    expect(found[0]?.similarity).toBeGreaterThan(0.9);
  });

  it('leaves out resolved incidents, those outside the window, the incident itself and unrelated dissimilar ones', async () => {
    // act
    const found = await findOpenIncidents(db.pool, {
      incidentSysId: sysId(407),
      cmdbCi: CI,
      businessService: null,
      openedAt: OPENED_AT,
      windowHours: 4,
      embedding: null,
    });
    // assert
    expect(found.map((f) => f.incident.number)).toEqual(['INC0000411']);
    expect(found[0]?.similarity).toBe(0);
  });
});
