import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getChangeModel, upsertChangeModels } from '../../../lambdas/shared/db/change-models';
import { getChangeRequest, upsertChangeRequests } from '../../../lambdas/shared/db/change-requests';
import {
  getCiRelationship,
  listCiRelationships,
  upsertCiRelationships,
} from '../../../lambdas/shared/db/ci-relationships';
import { getConfigurationItem, upsertConfigurationItems } from '../../../lambdas/shared/db/configuration-items';
import { countRecords } from '../../../lambdas/shared/db/counts';
import { findEmbeddedTextHashes, getEmbedding } from '../../../lambdas/shared/db/embeddings';
import { getIncident, upsertIncidents } from '../../../lambdas/shared/db/incidents';
import {
  getValidationRule,
  listActiveValidationRules,
  upsertValidationRules,
} from '../../../lambdas/shared/db/validation-rules';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import {
  makeChangeModel,
  makeChangeRequest,
  makeCiRelationship,
  makeConfigurationItem,
  makeIncident,
  makeValidationRule,
  sysId,
  unitVector,
} from '../../fixtures/db/records';

const DIMENSION = 8;
const RECORD_TABLES = [
  'incidents',
  'change_requests',
  'change_models',
  'configuration_items',
  'ci_relationships',
  'validation_rules',
];

describe('record repositories', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startTestDatabase({ embeddingDimension: DIMENSION });
  });
  afterAll(async () => {
    await db.stop();
  });
  beforeEach(async () => {
    await db.pool.query(`TRUNCATE ${RECORD_TABLES.join(', ')}`);
  });

  describe('round trips', () => {
    it('stores and reads back an incident', async () => {
      const incident = makeIncident({ resolvedAt: '2025-03-02T10:00:00.000Z', closeNotes: 'Restarted pgbouncer.' });
      await upsertIncidents(db.pool, [{ record: incident }]);
      expect(await getIncident(db.pool, incident.sysId)).toEqual(incident);
    });

    it('stores and reads back a change request, keeping the state as ServiceNow’s integer', async () => {
      const change = makeChangeRequest({ state: 'authorize' });
      await upsertChangeRequests(db.pool, [{ record: change }]);
      expect(await getChangeRequest(db.pool, change.sysId)).toEqual(change);
      const { rows } = await db.pool.query('SELECT state FROM change_requests WHERE sys_id = $1', [change.sysId]);
      expect(rows[0].state).toBe(-3);
    });

    it('stores and reads back a change model with its environments', async () => {
      const model = makeChangeModel({ environments: ['test', 'production'], active: false });
      await upsertChangeModels(db.pool, [{ record: model }]);
      expect(await getChangeModel(db.pool, model.sysId)).toEqual(model);
    });

    it('stores and reads back a configuration item', async () => {
      const item = makeConfigurationItem({ environment: null, businessCriticality: null });
      await upsertConfigurationItems(db.pool, [{ record: item }]);
      expect(await getConfigurationItem(db.pool, item.sysId)).toEqual(item);
    });

    it('stores CI relationships and lists those of a CI from either end', async () => {
      const upstream = makeCiRelationship({ sysId: sysId(7001), parent: sysId(9002), child: sysId(9001) });
      const downstream = makeCiRelationship({ sysId: sysId(7002), parent: sysId(9001), child: sysId(9003) });
      const unrelated = makeCiRelationship({ sysId: sysId(7003), parent: sysId(9004), child: sysId(9005) });
      await upsertCiRelationships(db.pool, [{ record: upstream }, { record: downstream }, { record: unrelated }]);
      expect(await getCiRelationship(db.pool, upstream.sysId)).toEqual(upstream);
      expect(await listCiRelationships(db.pool, sysId(9001))).toEqual([upstream, downstream]);
    });

    it('stores and reads back a validation rule with its scope and check', async () => {
      const rule = makeValidationRule();
      await upsertValidationRules(db.pool, [{ record: rule }]);
      expect(await getValidationRule(db.pool, rule.id)).toEqual(rule);
    });

    it('lists only active validation rules', async () => {
      await upsertValidationRules(db.pool, [
        { record: makeValidationRule({ id: 'CHG-B', active: true }) },
        { record: makeValidationRule({ id: 'CHG-A', active: false }) },
        { record: makeValidationRule({ id: 'CHG-C', active: true }) },
      ]);
      expect((await listActiveValidationRules(db.pool)).map((rule) => rule.id)).toEqual(['CHG-B', 'CHG-C']);
    });

    it.each([
      ['incident', () => getIncident(db.pool, sysId(404))],
      ['change request', () => getChangeRequest(db.pool, sysId(404))],
      ['validation rule', () => getValidationRule(db.pool, 'NO-SUCH-RULE')],
    ])('returns null for an unknown %s', async (_name, get) => {
      expect(await get()).toBeNull();
    });
  });

  describe('versions', () => {
    it('replaces a record with a newer version', async () => {
      // arrange
      const v1 = makeIncident({ state: 'new', sysUpdatedOn: '2025-03-01T08:00:00.000Z' });
      const v2 = makeIncident({ state: 'resolved', sysUpdatedOn: '2025-03-01T09:00:00.000Z' });
      await upsertIncidents(db.pool, [{ record: v1 }]);
      // act
      const result = await upsertIncidents(db.pool, [{ record: v2 }]);
      // assert
      expect(result).toEqual({ written: 1, skipped: 0 });
      expect(await getIncident(db.pool, v1.sysId)).toEqual(v2);
    });

    it('ignores an older version arriving after a newer one', async () => {
      // arrange
      const newer = makeChangeRequest({ state: 'scheduled', sysUpdatedOn: '2025-03-05T00:00:00.000Z' });
      const older = makeChangeRequest({ state: 'new', sysUpdatedOn: '2025-03-01T00:00:00.000Z' });
      await upsertChangeRequests(db.pool, [{ record: newer }]);
      // act
      const result = await upsertChangeRequests(db.pool, [{ record: older }]);
      // assert
      expect(result).toEqual({ written: 0, skipped: 1 });
      expect(await getChangeRequest(db.pool, newer.sysId)).toEqual(newer);
    });

    it('keeps the newest when one batch holds several versions of a record', async () => {
      // arrange
      const versions = ['2025-03-02', '2025-03-04', '2025-03-03'].map((day, i) =>
        makeConfigurationItem({ name: `v${i}`, sysUpdatedOn: `${day}T00:00:00.000Z` }),
      );
      // act
      const result = await upsertConfigurationItems(
        db.pool,
        versions.map((record) => ({ record })),
      );
      // assert
      expect(result).toEqual({ written: 1, skipped: 2 });
      expect((await getConfigurationItem(db.pool, versions[0]?.sysId ?? ''))?.name).toBe('v1');
    });

    it('lets the last write win for validation rules, which carry no version', async () => {
      await upsertValidationRules(db.pool, [{ record: makeValidationRule({ severity: 'blocker' }) }]);
      await upsertValidationRules(db.pool, [{ record: makeValidationRule({ severity: 'warning' }) }]);
      expect((await getValidationRule(db.pool, 'CHG-REQ-001'))?.severity).toBe('warning');
    });
  });

  describe('embeddings', () => {
    it('stores an embedding and reads it back as numbers', async () => {
      const vector = unitVector(DIMENSION, [1, 2, 3]);
      await upsertIncidents(db.pool, [{ record: makeIncident(), embedding: { vector, textHash: 'h1' } }]);
      const stored = await getEmbedding(db.pool, 'incidents', sysId(1));
      expect(stored).toHaveLength(DIMENSION);
      stored?.forEach((value, i) => {
        expect(value).toBeCloseTo(vector[i] ?? Number.NaN, 6);
      });
    });

    it('keeps the stored embedding and its text hash when a new version comes without one', async () => {
      // arrange
      const vector = unitVector(DIMENSION, [0, 1]);
      await upsertIncidents(db.pool, [{ record: makeIncident(), embedding: { vector, textHash: 'h1' } }]);
      // act
      await upsertIncidents(db.pool, [{ record: makeIncident({ sysUpdatedOn: '2025-04-01T00:00:00.000Z' }) }]);
      // assert
      expect(await findEmbeddedTextHashes(db.pool, 'incidents', [sysId(1)])).toEqual(new Map([[sysId(1), 'h1']]));
      expect(await getEmbedding(db.pool, 'incidents', sysId(1))).not.toBeNull();
    });

    it('reports text hashes only for records that have an embedding', async () => {
      await upsertChangeModels(db.pool, [
        {
          record: makeChangeModel({ sysId: sysId(31) }),
          embedding: { vector: unitVector(DIMENSION, [1]), textHash: 'a' },
        },
        { record: makeChangeModel({ sysId: sysId(32) }) },
      ]);
      const hashes = await findEmbeddedTextHashes(db.pool, 'change_models', [sysId(31), sysId(32), sysId(33)]);
      expect(hashes).toEqual(new Map([[sysId(31), 'a']]));
    });

    it('rejects an embedding of the wrong dimension, naming both', async () => {
      const attempt = upsertIncidents(db.pool, [
        { record: makeIncident(), embedding: { vector: unitVector(DIMENSION + 1, [1]), textHash: 'x' } },
      ]);
      await expect(attempt).rejects.toThrow(`expected ${DIMENSION} dimensions, not ${DIMENSION + 1}`);
    });
  });

  describe('bulk upsert', () => {
    it('loads a few hundred incidents with embeddings in multi-row batches through the socket', async () => {
      // arrange
      const items = Array.from({ length: 640 }, (_, i) => ({
        record: makeIncident({ sysId: sysId(100_000 + i), number: `INC${String(1_000_000 + i)}` }),
        embedding: { vector: unitVector(DIMENSION, [1, i % 7, i % 3]), textHash: `h${i}` },
      }));
      // act
      const result = await upsertIncidents(db.pool, items, { batchSize: 100 });
      // assert
      expect(result).toEqual({ written: 640, skipped: 0 });
      expect((await countRecords(db.pool)).incidents).toBe(640);
      expect(await getIncident(db.pool, sysId(100_639))).toEqual(items[639]?.record);
    });
  });

  describe('countRecords', () => {
    it('counts the rows of every table', async () => {
      await upsertChangeModels(db.pool, [{ record: makeChangeModel() }]);
      await upsertValidationRules(db.pool, [
        { record: makeValidationRule({ id: 'R-1' }) },
        { record: makeValidationRule({ id: 'R-2' }) },
      ]);
      expect(await countRecords(db.pool)).toEqual({
        incidents: 0,
        change_requests: 0,
        change_models: 1,
        configuration_items: 0,
        ci_relationships: 0,
        validation_rules: 2,
        change_validations: 0,
        incident_enrichments: 0,
        assistant_sessions: 0,
        agent_runs: 0,
      });
    });
  });
});
