import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogueVersions, createCatalogueCache } from '../../../lambdas/change-validation/catalogue';
import { CHANGE_MODELS_VERSION_SQL } from '../../../lambdas/shared/db/change-models';
import { upsertValidationRules, VALIDATION_RULES_VERSION_SQL } from '../../../lambdas/shared/db/validation-rules';
import { createHashingEmbedder, type Embedder } from '../../../lambdas/shared/embeddings';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import { makeValidationRule, unitVector } from '../../fixtures/db/records';

describe('the per-process catalogue cache', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startTestDatabase({ embeddingDimension: 256 });
  }, 60_000);
  afterAll(async () => {
    await db?.stop();
  });

  const versions = async (): Promise<CatalogueVersions> => {
    const { rows } = await db.pool.query<{ rules: string; models: string }>(
      `SELECT ${VALIDATION_RULES_VERSION_SQL} AS rules, ${CHANGE_MODELS_VERSION_SQL} AS models`,
    );
    return rows[0] as CatalogueVersions;
  };
  const addRule = (id: string) =>
    upsertValidationRules(db.pool, [
      {
        record: makeValidationRule({ id, title: `Rule ${id}` }),
        embedding: { vector: unitVector(256, [1]), textHash: id },
      },
    ]);

  it('serves the catalogue from memory while its version holds, and reads it again when the ETL writes a rule', async () => {
    // arrange
    await addRule('CHG-T-001');
    const cache = createCatalogueCache();
    const before = await versions();
    const first = await cache.get(db.pool, before);
    await addRule('CHG-T-002');
    const after = await versions();
    // act
    const stale = await cache.get(db.pool, before);
    const fresh = await cache.get(db.pool, after);
    // assert
    expect(after.rules).not.toBe(before.rules);
    expect(after.models).toBe(before.models);
    expect(first.rules.map((r) => r.rule.id)).toEqual(['CHG-T-001']);
    expect(stale.rules).toBe(first.rules);
    expect(fresh.rules.map((r) => r.rule.id)).toEqual(['CHG-T-001', 'CHG-T-002']);
    expect(fresh.rules[0]?.embedding?.[0]).toBeCloseTo(1, 6);
  });

  it.each([
    ['deactivated by hand (updated_at untouched)', `UPDATE validation_rules SET active = false WHERE id = 'CHG-T-003'`],
    ['deleted', `DELETE FROM validation_rules WHERE id = 'CHG-T-003'`],
  ])('reads the catalogue again when a rule is %s', async (_case, sql) => {
    // arrange
    await addRule('CHG-T-003');
    const cache = createCatalogueCache();
    const before = await versions();
    const first = await cache.get(db.pool, before);
    await db.pool.query(sql);
    // act
    const after = await versions();
    const fresh = await cache.get(db.pool, after);
    // assert
    expect(after.rules).not.toBe(before.rules);
    expect(first.rules.map((r) => r.rule.id)).toContain('CHG-T-003');
    expect(fresh.rules.map((r) => r.rule.id)).not.toContain('CHG-T-003');
  });

  it('embeds the same text once', async () => {
    // arrange
    const inner = createHashingEmbedder({ dimension: 256 });
    let calls = 0;
    const counting: Embedder = {
      modelId: inner.modelId,
      dimension: inner.dimension,
      embed: (texts) => {
        calls += 1;
        return inner.embed(texts);
      },
    };
    const cache = createCatalogueCache();
    // act
    const [a, b] = await Promise.all([
      cache.embed(counting, 'patch the database'),
      cache.embed(counting, 'patch the database'),
    ]);
    const c = await cache.embed(counting, 'restart the firewall');
    // assert
    expect(calls).toBe(2);
    expect(a).toBe(b);
    expect(c).not.toEqual(a);
  });
});
