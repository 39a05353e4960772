import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertChangeModels } from '../../../lambdas/shared/db/change-models';
import { upsertChangeRequests } from '../../../lambdas/shared/db/change-requests';
import { upsertIncidents } from '../../../lambdas/shared/db/incidents';
import { withTransaction } from '../../../lambdas/shared/db/pool';
import { buildSimilarQuery, findSimilar } from '../../../lambdas/shared/db/similar';
import { upsertValidationRules } from '../../../lambdas/shared/db/validation-rules';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import {
  makeChangeModel,
  makeChangeRequest,
  makeIncident,
  makeValidationRule,
  sysId,
  unitVector,
} from '../../fixtures/db/records';

const DIMENSION = 4;
const QUERY = unitVector(DIMENSION, [1]);

// Hand-made neighbours of QUERY, best first: cosine 1, 0.994, 0.707, 0, -1.
const NEIGHBOURS = [
  { n: 1, components: [1], score: 1 },
  { n: 2, components: [0.9, 0.1], score: 0.9939 },
  { n: 3, components: [0.5, 0.5], score: Math.SQRT1_2 },
  { n: 4, components: [0, 1], score: 0 },
  { n: 5, components: [-1], score: -1 },
];

let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: DIMENSION });
});
afterAll(async () => {
  await db.stop();
});

describe('findSimilar', () => {
  beforeAll(async () => {
    await upsertIncidents(db.pool, [
      ...NEIGHBOURS.map(({ n, components }) => ({
        record: makeIncident({
          sysId: sysId(n),
          number: `INC000000${n}`,
          shortDescription: `incident ${n}`,
          state: n % 2 === 0 ? 'closed' : 'new',
          cmdbCi: n <= 3 ? sysId(9001) : sysId(9002),
          openedAt: `2025-03-0${n}T00:00:00.000Z`,
        }),
        embedding: { vector: unitVector(DIMENSION, components), textHash: `h${n}` },
      })),
      // No embedding yet: never a neighbour.
      { record: makeIncident({ sysId: sysId(6), number: 'INC0000006' }) },
    ]);
  });

  it('returns the k nearest incidents best first, with score = 1 - cosine distance', async () => {
    // act
    const found = await findSimilar(db.pool, { table: 'incidents', embedding: QUERY, k: 3 });
    // assert
    expect(found.map((record) => [record.id, record.number, record.title])).toEqual([
      [sysId(1), 'INC0000001', 'incident 1'],
      [sysId(2), 'INC0000002', 'incident 2'],
      [sysId(3), 'INC0000003', 'incident 3'],
    ]);
    found.forEach((record, i) => {
      expect(record.score).toBeCloseTo(NEIGHBOURS[i]?.score ?? Number.NaN, 3);
    });
  });

  it('finds nothing similar to a zero vector (the embedding of an empty text)', async () => {
    const found = await findSimilar(db.pool, { table: 'incidents', embedding: QUERY.map(() => 0), k: 3 });
    expect(found).toEqual([]);
  });

  it('never returns records without an embedding', async () => {
    const found = await findSimilar(db.pool, { table: 'incidents', embedding: QUERY, k: 50 });
    expect(found.map((record) => record.id)).toEqual(NEIGHBOURS.map(({ n }) => sysId(n)));
  });

  it.each([
    ['states', { states: ['new' as const] }, [1, 3, 5]],
    ['cmdbCi', { cmdbCi: sysId(9002) }, [4, 5]],
    ['openedAfter', { openedAfter: '2025-03-03T00:00:00.000Z' }, [3, 4, 5]],
    ['openedBefore', { openedBefore: '2025-03-02T00:00:00.000Z' }, [1, 2]],
    ['excludeIds', { excludeIds: [sysId(1), sysId(3)] }, [2, 4, 5]],
    ['several filters together', { states: ['closed' as const], cmdbCi: sysId(9001) }, [2]],
  ])('filters incidents by %s', async (_name, filters, expected) => {
    const found = await findSimilar(db.pool, { table: 'incidents', embedding: QUERY, k: 10, filters });
    expect(found.map((record) => record.id)).toEqual(expected.map(sysId));
  });

  it('applies filters inside a caller’s transaction too', async () => {
    const found = await withTransaction(db.pool, (client) =>
      findSimilar(client, { table: 'incidents', embedding: QUERY, k: 2, filters: { states: ['closed'] } }),
    );
    expect(found.map((record) => record.id)).toEqual([sysId(2), sysId(4)]);
  });

  it('filters change requests by state name and type', async () => {
    // arrange
    await upsertChangeRequests(db.pool, [
      {
        record: makeChangeRequest({ sysId: sysId(21), number: 'CHG0000021', state: 'new', type: 'normal' }),
        embedding: { vector: unitVector(DIMENSION, [1]), textHash: 'a' },
      },
      {
        record: makeChangeRequest({ sysId: sysId(22), number: 'CHG0000022', state: 'closed', type: 'normal' }),
        embedding: { vector: unitVector(DIMENSION, [1, 0.2]), textHash: 'b' },
      },
      {
        record: makeChangeRequest({ sysId: sysId(23), number: 'CHG0000023', state: 'closed', type: 'emergency' }),
        embedding: { vector: unitVector(DIMENSION, [1, 0.4]), textHash: 'c' },
      },
    ]);
    // act
    const found = await findSimilar(db.pool, {
      table: 'change_requests',
      embedding: QUERY,
      k: 5,
      filters: { states: ['closed', 'canceled'], types: ['normal'] },
    });
    // assert
    expect(found.map((record) => record.number)).toEqual(['CHG0000022']);
  });

  it('finds active change models for an environment, titled by name', async () => {
    // arrange
    await upsertChangeModels(db.pool, [
      {
        record: makeChangeModel({ sysId: sysId(31), name: 'DB patch', environments: ['production'] }),
        embedding: { vector: unitVector(DIMENSION, [1]), textHash: 'a' },
      },
      {
        record: makeChangeModel({ sysId: sysId(32), name: 'DB patch (retired)', active: false }),
        embedding: { vector: unitVector(DIMENSION, [1]), textHash: 'b' },
      },
      {
        record: makeChangeModel({ sysId: sysId(33), name: 'Test-only patch', environments: ['test'] }),
        embedding: { vector: unitVector(DIMENSION, [1]), textHash: 'c' },
      },
    ]);
    // act
    const found = await findSimilar(db.pool, {
      table: 'change_models',
      embedding: QUERY,
      k: 5,
      filters: { active: true, environment: 'production' },
    });
    // assert
    expect(found).toEqual([{ id: sysId(31), number: null, title: 'DB patch', score: expect.closeTo(1, 5) }]);
  });

  it('numbers validation rules by their id', async () => {
    // arrange
    await upsertValidationRules(db.pool, [
      {
        record: makeValidationRule({ id: 'CHG-R-1' }),
        embedding: { vector: unitVector(DIMENSION, [0, 1]), textHash: 'a' },
      },
      {
        record: makeValidationRule({ id: 'CHG-R-2' }),
        embedding: { vector: unitVector(DIMENSION, [1]), textHash: 'b' },
      },
    ]);
    // act
    const found = await findSimilar(db.pool, { table: 'validation_rules', embedding: QUERY, k: 1 });
    // assert
    expect(found.map((record) => [record.id, record.number])).toEqual([['CHG-R-2', 'CHG-R-2']]);
  });

  it('refuses a filter the table does not have, naming those it has', async () => {
    const attempt = findSimilar(db.pool, {
      table: 'configuration_items',
      embedding: QUERY,
      k: 3,
      filters: { states: ['new'] } as never,
    });
    await expect(attempt).rejects.toThrow(
      'Filter "states" does not apply to configuration_items; allowed: classNames, environment, excludeIds.',
    );
  });

  it('treats a filter value as data, never as SQL', async () => {
    const found = await findSimilar(db.pool, {
      table: 'incidents',
      embedding: QUERY,
      k: 3,
      filters: { cmdbCi: `x' OR '1'='1` },
    });
    expect(found).toEqual([]);
  });
});

describe('findSimilar through the HNSW index', () => {
  const query = unitVector(DIMENSION, [1]);
  const farIds = [300, 301, 302, 303, 304].map((i) => sysId(5000 + i));

  beforeAll(async () => {
    // 300 English changes right next to the query, 5 Spanish ones far away. Language has
    // no btree index, so the planner must go through HNSW, and a plain HNSW scan
    // (ef_search 40) followed by the language filter would find none of the Spanish ones.
    const items = Array.from({ length: 305 }, (_, i) => {
      const far = i >= 300;
      return {
        record: makeChangeRequest({
          sysId: sysId(5000 + i),
          number: `CHG${1_000_000 + i}`,
          language: far ? 'es' : 'en',
        }),
        embedding: {
          vector: unitVector(DIMENSION, far ? [0.1, 1, (i % 5) / 10] : [1, (i % 17) / 100, (i % 13) / 100]),
          textHash: `h${i}`,
        },
      };
    });
    await upsertChangeRequests(db.pool, items);
    await db.pool.query('ANALYZE change_requests');
  });

  it('plans a filtered search on the HNSW index', async () => {
    // arrange
    const { text, values } = buildSimilarQuery({
      table: 'change_requests',
      embedding: query,
      k: 5,
      filters: { language: 'es' },
    });
    // act
    const { rows } = await withTransaction(db.pool, async (client) => {
      await client.query('SET LOCAL enable_seqscan = off');
      return client.query(`EXPLAIN ${text}`, values);
    });
    // assert
    expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('Index Scan using change_requests_embedding_idx');
  });

  it('still finds k matches when the filter rejects the nearest hundreds', async () => {
    // act
    const found = await withTransaction(db.pool, async (client) => {
      await client.query('SET LOCAL enable_seqscan = off');
      return findSimilar(client, { table: 'change_requests', embedding: query, k: 5, filters: { language: 'es' } });
    });
    // assert
    expect(found.map((record) => record.id).sort()).toEqual(farIds);
  });
});
