import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../../lambdas/shared/db/pool';
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
