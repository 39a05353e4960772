import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toVectorParam, withTransaction } from '../../../lambdas/shared/db/pool';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';

describe('createPool against the local database', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startTestDatabase({ embeddingDimension: 3 });
    await db.pool.query('CREATE TABLE pool_test (id int PRIMARY KEY, v vector(3))');
  });
  afterAll(async () => {
    await db.stop();
  });

  it('queues 20 concurrent queries on its one connection instead of failing', async () => {
    // arrange
    let opened = 0;
    db.pool.on('connect', () => {
      opened += 1;
    });
    // act
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => db.pool.query<{ n: number }>('SELECT $1::int AS n, pg_sleep(0.005)', [i])),
    );
    // assert
    expect(results.map((result) => result.rows[0]?.n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(db.pool.totalCount).toBe(1);
    expect(opened).toBe(0);
  });

  it('keeps serving (on the same connection) after a statement fails', async () => {
    // arrange
    let removed = 0;
    db.pool.on('remove', () => {
      removed += 1;
    });
    // act
    const failed = db.pool.query('SELECT no_such_function($1)', [1]);
    // assert
    await expect(failed).rejects.toThrow('no_such_function');
    expect((await db.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect(removed).toBe(0);
  });

  it('parses vector columns into arrays of numbers', async () => {
    const { rows } = await db.pool.query(`SELECT '[1,2.5,-3]'::vector AS v`);
    expect(rows[0].v).toEqual([1, 2.5, -3]);
  });

  it('sends embeddings as binary vector parameters that PostgreSQL reads as the text form would', async () => {
    // arrange
    const embedding = [0.1, -2.75, 1 / 3];
    // act
    const { rows } = await db.pool.query(
      `SELECT $1::vector AS v, $2::vector AS t, $1::vector = $2::vector AS same, $1::vector <=> '[1,0,0]' AS distance`,
      [toVectorParam(embedding), `[${embedding.join(',')}]`],
    );
    // assert: the same float4 components as the text form gives
    expect(rows[0].same).toBe(true);
    expect(rows[0].v).toEqual(rows[0].t);
    expect(rows[0].distance).toBeCloseTo(1 - 0.1 / Math.hypot(...embedding), 6);
  });

  it('stores binary vector parameters into vector columns and rejects a wrong dimension by name', async () => {
    // act
    await db.pool.query('INSERT INTO pool_test (id, v) VALUES ($1, $2)', [7, toVectorParam([3, 4, 5])]);
    const wrong = db.pool.query('INSERT INTO pool_test (id, v) VALUES ($1, $2)', [8, toVectorParam([3, 4])]);
    // assert
    await expect(wrong).rejects.toThrow('expected 3 dimensions, not 2');
    expect((await db.pool.query('SELECT v FROM pool_test WHERE id = 7')).rows).toEqual([{ v: [3, 4, 5] }]);
  });

  it('commits what the transaction function did when it resolves', async () => {
    await withTransaction(db.pool, async (client) => {
      await client.query(`INSERT INTO pool_test VALUES (1, '[1,0,0]')`);
    });
    const { rows } = await db.pool.query('SELECT v FROM pool_test WHERE id = 1');
    expect(rows).toEqual([{ v: [1, 0, 0] }]);
  });

  it('rolls back and rethrows when the transaction function throws', async () => {
    // act
    const attempt = withTransaction(db.pool, async (client) => {
      await client.query(`INSERT INTO pool_test VALUES (2, '[0,1,0]')`);
      throw new Error('changed my mind');
    });
    // assert
    await expect(attempt).rejects.toThrow('changed my mind');
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM pool_test WHERE id = 2');
    expect(rows[0].n).toBe(0);
  });

  it('runs queries queued behind a transaction after it ends', async () => {
    // arrange
    const order: string[] = [];
    // act
    await Promise.all([
      withTransaction(db.pool, async (client) => {
        await client.query(`INSERT INTO pool_test VALUES (3, '[0,0,1]')`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push('transaction');
      }),
      db.pool.query('SELECT count(*)::int AS n FROM pool_test WHERE id = 3').then((result) => {
        order.push(`query saw ${result.rows[0].n}`);
      }),
    ]);
    // assert
    expect(order).toEqual(['transaction', 'query saw 1']);
  });
});
