import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { upsertIncidents } from '../../../lambdas/shared/db/incidents';
import type { Incident } from '../../../lambdas/shared/records';
import {
  createHistoryClassifierSource,
  loadLabelledHistory,
  type TrainedHistory,
  trainFromHistory,
} from '../../../lambdas/tag-classifier/history';
import { listTagModels } from '../../../lambdas/tag-classifier/model-store';
import { refreshTagModel } from '../../../lambdas/tag-classifier/trainer';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import { makeIncident, sysId } from '../../fixtures/db/records';

// Arrange helpers: resolved incidents of three groups (real PGlite through the pg pool).
const TEXTS: Array<[string, string, string]> = [
  ['password expired', 'user cannot log in', 'ACCESS'],
  ['account locked', 'locked after wrong password attempts', 'ACCESS'],
  ['contraseña caducada', 'no puedo iniciar sesión', 'ACCESS'],
  ['printer jammed', 'paper stuck on floor 2', 'PRINT'],
  ['toner empty', 'printer toner needs replacing', 'PRINT'],
  ['impresora sin tóner', 'la impresora no imprime', 'PRINT'],
  ['vpn drops', 'vpn connection drops every hour', 'NET'],
  ['network down', 'no network in the office', 'NET'],
  ['la red no funciona', 'sin red en la oficina', 'NET'],
];
const resolved = (n: number, overrides: Partial<Incident> = {}): Incident => {
  const [shortDescription, description, group] = TEXTS[n % TEXTS.length] as [string, string, string];
  return makeIncident({
    sysId: sysId(100 + n),
    number: `INC${String(20000 + n).padStart(7, '0')}`,
    shortDescription,
    description,
    assignmentGroup: group,
    category: group.toLowerCase(),
    state: 'resolved',
    openedAt: new Date(Date.UTC(2025, 2, 1, 8, n)).toISOString(),
    sysUpdatedOn: new Date(Date.UTC(2025, 2, 2, 8, n)).toISOString(),
    ...overrides,
  });
};
const QUERIES = [
  { shortDescription: 'printer out of toner' },
  { shortDescription: 'cannot log in', description: 'my password expired' },
  { shortDescription: 'vpn keeps dropping' },
];

describe('stored Tag Classifier models', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startTestDatabase({ embeddingDimension: 8 });
  });
  afterAll(async () => {
    await db.stop();
  });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE incidents, tag_classifier_models');
    await upsertIncidents(
      db.pool,
      Array.from({ length: 27 }, (_, n) => ({ record: resolved(n) })),
    );
  });

  it('trains and stores a model, then skips training while the history is unchanged', async () => {
    // Act
    const first = await refreshTagModel(db.pool);
    const second = await refreshTagModel(db.pool);
    // Assert
    expect(first).toMatchObject({ status: 'trained', historySize: 27 });
    expect(second).toEqual({ status: 'unchanged', modelId: first.modelId, watermark: first.watermark });
    const models = await listTagModels(db.pool);
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ id: first.modelId, historySize: 27, trainedBy: 'trainer' });
    expect(models[0]?.watermark).toEqual({
      count: 27,
      newestOpenedAt: '2025-03-01T08:26:00.000000Z',
      newestUpdatedAt: '2025-03-02T08:26:00.000000Z',
    });
  });

  it.each([
    ['a newly resolved incident', () => resolved(40)],
    [
      'a label corrected on an old incident (newer sys_updated_on)',
      () => resolved(3, { assignmentGroup: 'NET', sysUpdatedOn: '2025-03-05T00:00:00.000Z' }),
    ],
  ])('trains again after %s', async (_name, change) => {
    // Arrange
    const first = await refreshTagModel(db.pool);
    await upsertIncidents(db.pool, [{ record: change() }]);
    // Act
    const next = await refreshTagModel(db.pool);
    // Assert
    expect(next.status).toBe('trained');
    expect(next.modelId).toBeGreaterThan(first.modelId);
  });

  it('trains under other options even when the history is unchanged, and keeps the newest models only', async () => {
    // Arrange
    await refreshTagModel(db.pool);
    // Act
    const other = await refreshTagModel(db.pool, { neighbours: 5 });
    const forced = await refreshTagModel(db.pool, { force: true, keep: 2 });
    // Assert
    expect(other.status).toBe('trained');
    expect(forced.status).toBe('trained');
    expect((await listTagModels(db.pool)).map((m) => m.id)).toEqual([forced.modelId, other.modelId]);
  });

  it('loads the stored model without training, classifying as the model trained on the same history', async () => {
    // Arrange
    const stored = await refreshTagModel(db.pool);
    const expected = trainFromHistory(await loadLabelledHistory(db.pool));
    // Act
    const history = await createHistoryClassifierSource(db.pool)();
    // Assert
    expect(history).toMatchObject({ origin: 'stored', modelId: stored.modelId });
    for (const query of QUERIES)
      expect(history.classifier.classify(query)).toEqual(expected.classifier.classify(query));
    expect(history.examples('assignmentGroup', 'PRINT')).toEqual(expected.examples('assignmentGroup', 'PRINT'));
    expect(await listTagModels(db.pool)).toHaveLength(1);
  });

  it('trains in-process and stores the model when none is stored, for the next source to load', async () => {
    // Act
    const trained = await createHistoryClassifierSource(db.pool)();
    const loaded = await createHistoryClassifierSource(db.pool)();
    // Assert
    expect(trained.origin).toBe('trained');
    expect(trained.modelId).not.toBeNull();
    expect(loaded).toMatchObject({ origin: 'stored', modelId: trained.modelId });
    const models = await listTagModels(db.pool);
    expect(models.map((m) => [m.id, m.trainedBy])).toEqual([[trained.modelId, 'fallback']]);
    expect((await refreshTagModel(db.pool)).status).toBe('unchanged');
  });

  it('loads a model of other options rather than training, until the trainer stores one of its own', async () => {
    // Arrange: a model trained before the options (or their defaults) changed
    let clock = 1_000_000;
    const older = await refreshTagModel(db.pool, { neighbours: 5 });
    const source = createHistoryClassifierSource(db.pool, { refreshMs: 60_000, now: () => clock });
    // Act
    const first = await source();
    const own = await refreshTagModel(db.pool);
    clock += 61_000;
    const seen: TrainedHistory[] = [];
    for (let attempt = 0; attempt < 50 && seen.at(-1)?.modelId !== own.modelId; attempt += 1) {
      seen.push(await source());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Assert
    expect(first).toMatchObject({ origin: 'stored', modelId: older.modelId });
    expect(own.status).toBe('trained');
    expect(seen.at(-1)).toMatchObject({ origin: 'stored', modelId: own.modelId });
    expect((await listTagModels(db.pool)).map((m) => m.trainedBy)).toEqual(['trainer', 'trainer']);
  });

  it('picks up a newer stored model once refreshMs has passed, not before', async () => {
    // Arrange
    let clock = 1_000_000;
    const source = createHistoryClassifierSource(db.pool, { refreshMs: 60_000, now: () => clock });
    const first = await refreshTagModel(db.pool);
    const before = await source();
    await upsertIncidents(db.pool, [{ record: resolved(50) }]);
    const newer = await refreshTagModel(db.pool);
    // Act
    clock += 59_000;
    const early = await source();
    clock += 2_000;
    const seen: TrainedHistory[] = [];
    for (let attempt = 0; attempt < 50 && seen.at(-1)?.modelId !== newer.modelId; attempt += 1) {
      seen.push(await source());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Assert
    expect(before.modelId).toBe(first.modelId);
    expect(early.modelId).toBe(first.modelId);
    expect(seen.at(-1)).toMatchObject({ origin: 'stored', modelId: newer.modelId });
    expect(seen.at(-1)?.classifier.historySize).toBe(28);
  });
});
