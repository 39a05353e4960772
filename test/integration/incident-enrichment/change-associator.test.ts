import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { associateChanges } from '../../../lambdas/change-associator';
import { retrieveContext } from '../../../lambdas/context-retriever';
import { upsertChangeRequests } from '../../../lambdas/shared/db/change-requests';
import { upsertCiRelationships } from '../../../lambdas/shared/db/ci-relationships';
import { upsertConfigurationItems } from '../../../lambdas/shared/db/configuration-items';
import { upsertIncidents } from '../../../lambdas/shared/db/incidents';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import {
  makeChangeRequest,
  makeCiRelationship,
  makeConfigurationItem,
  makeIncident,
  sysId,
} from '../../fixtures/db/records';

const OPENED_AT = '2025-03-11T12:00:00.000Z';
const hoursBefore = (hours: number) => new Date(Date.parse(OPENED_AT) - hours * 3_600_000).toISOString();
const APP_CI = sysId(9001);
const HOST_CI = sysId(9002);
const OTHER_CI = sysId(9003);

let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: 8 });
  const change = (n: number, ci: string, hours: number) => ({
    record: makeChangeRequest({
      sysId: sysId(200 + n),
      number: `CHG00002${10 + n}`,
      state: 'review',
      cmdbCi: ci,
      startDate: hoursBefore(hours + 0.5),
      endDate: hoursBefore(hours),
    }),
  });
  await upsertChangeRequests(db.pool, [
    change(1, APP_CI, 1),
    change(2, HOST_CI, 3),
    change(3, OTHER_CI, 1),
    change(4, APP_CI, 200),
  ]);
  await upsertCiRelationships(db.pool, [
    { record: makeCiRelationship({ parent: APP_CI, child: HOST_CI, type: 'Runs on::Runs' }) },
  ]);
  await upsertConfigurationItems(db.pool, [
    { record: makeConfigurationItem({ sysId: APP_CI, name: 'billing-app', supportGroup: 'Billing Ops' }) },
    { record: makeConfigurationItem({ sysId: HOST_CI, name: 'lnx-bill-01', className: 'cmdb_ci_linux_server' }) },
  ]);
  await upsertIncidents(db.pool, [
    { record: makeIncident({ sysId: sysId(301), number: 'INC0000301', cmdbCi: APP_CI, openedAt: hoursBefore(48) }) },
  ]);
}, 60_000);

afterAll(async () => {
  await db?.stop();
});

describe('associateChanges', () => {
  it('ranks the same-CI change an hour earlier first, then the related CI, ignoring unrelated CIs and old changes', async () => {
    // Act
    const out = await associateChanges(db.pool, { incidentSysId: sysId(1), cmdbCi: APP_CI, openedAt: OPENED_AT });
    // Assert
    expect(out.likelyCauses.map((c) => [c.number, c.relation])).toEqual([
      ['CHG0000211', 'same_ci'],
      ['CHG0000212', 'related_ci'],
    ]);
    expect(out.considered).toBe(2);
  });

  it('returns no cause for a CI without changes', async () => {
    // Act
    const out = await associateChanges(db.pool, { incidentSysId: sysId(1), cmdbCi: sysId(9999), openedAt: OPENED_AT });
    // Assert
    expect(out.likelyCauses).toEqual([]);
  });
});

describe('retrieveContext', () => {
  it('returns the CI, its support group, related CIs by name and recent history', async () => {
    // Act
    const out = await retrieveContext(db.pool, { cmdbCi: APP_CI, asOf: OPENED_AT });
    // Assert
    expect(out.ci?.name).toBe('billing-app');
    expect(out.supportGroup).toBe('Billing Ops');
    expect(out.relatedCis).toEqual([
      {
        sysId: HOST_CI,
        name: 'lnx-bill-01',
        className: 'cmdb_ci_linux_server',
        relationshipType: 'Runs on::Runs',
        direction: 'parent_of',
      },
    ]);
    expect(out.recentIncidents.map((i) => i.number)).toEqual(['INC0000301']);
    expect(out.recentChanges.map((c) => c.number)).toEqual(['CHG0000211', 'CHG0000214']);
  });

  it('returns a null CI for one missing from the CMDB copy', async () => {
    // Act
    const out = await retrieveContext(db.pool, { cmdbCi: sysId(9999), asOf: OPENED_AT });
    // Assert
    expect(out.ci).toBeNull();
    expect(out.relatedCis).toEqual([]);
  });
});
