import type { Duplex } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPool, withTransaction } from '../../../lambdas/shared/db/pool';
import { type LocalDatabase, startLocalDatabase } from '../../../local/database';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The rows' `tx` labels in insertion order. */
async function labels(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ tx: string }>('SELECT tx FROM shared_rows ORDER BY id');
  return rows.map((row) => row.tx).join(' ');
}

describe('several connections sharing the local database session', () => {
  let local: LocalDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    local = await startLocalDatabase();
    // As the local runtime opens it: several connections over MessagePorts.
    pool = createPool({ ...local.settings, maxConnections: 4 }, { stream: local.openConnection });
    await pool.query('CREATE TABLE shared_rows (id serial PRIMARY KEY, tx text NOT NULL)');
  });
  afterAll(async () => {
    await pool?.end();
    await local?.stop();
  });
  beforeEach(async () => {
    await pool.query('DELETE FROM shared_rows');
  });

  it('never interleaves concurrent transactions, and reads outside them see no uncommitted row', async () => {
    // arrange
    const transaction = (tx: string) =>
      withTransaction(pool, async (client) => {
        await client.query('INSERT INTO shared_rows (tx) VALUES ($1)', [tx]);
        await sleep(30);
        await client.query('INSERT INTO shared_rows (tx) VALUES ($1)', [tx]);
      });
    const seen: number[] = [];
    let done = false;
    // act
    const reader = (async () => {
      while (!done) {
        const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM shared_rows');
        seen.push(rows[0]?.n ?? -1);
        await sleep(2);
      }
    })();
    await Promise.all([transaction('a'), transaction('b')]).finally(() => {
      done = true;
    });
    await reader;
    // assert
    expect(['a a b b', 'b b a a']).toContain(await labels(pool));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((n) => n !== 0 && n !== 2 && n !== 4)).toEqual([]);
    expect(pool.totalCount).toBeGreaterThanOrEqual(3);
  });

  it('does not abort another connection’s transaction when one fails', async () => {
    // arrange
    const failing = await pool.connect();
    const other = await pool.connect();
    try {
      await failing.query('BEGIN');
      await failing.query(`INSERT INTO shared_rows (tx) VALUES ('failed')`);
      await expect(failing.query('SELECT 1 / 0')).rejects.toThrow('division by zero');
      // act
      const committed = (async () => {
        await other.query('BEGIN');
        await other.query(`INSERT INTO shared_rows (tx) VALUES ('committed')`);
        await other.query('COMMIT');
      })();
      await sleep(20);
      await failing.query('ROLLBACK');
      // assert
      await expect(committed).resolves.toBeUndefined();
      expect(await labels(pool)).toBe('committed');
    } finally {
      failing.release();
      other.release();
    }
  });

  it.each([
    ['ends its connection (Terminate)', (client: pg.PoolClient) => client.release(true)],
    [
      'loses its connection',
      (client: pg.PoolClient) => {
        (client as unknown as { connection: { stream: Duplex } }).connection.stream.destroy();
        client.release(true);
      },
    ],
  ])('rolls back a transaction whose client %s, and the others continue', async (_, leave) => {
    // arrange
    const leaving = await pool.connect();
    leaving.on('error', () => undefined);
    await leaving.query('BEGIN');
    await leaving.query(`INSERT INTO shared_rows (tx) VALUES ('left')`);
    const queued = pool.query<{ n: number }>('SELECT count(*)::int AS n FROM shared_rows');
    await sleep(20);
    // act
    leave(leaving);
    // assert
    expect((await queued).rows).toEqual([{ n: 0 }]);
    await withTransaction(pool, (client) => client.query(`INSERT INTO shared_rows (tx) VALUES ('after')`));
    expect(await labels(pool)).toBe('after');
  });

  it('serves a psql-style TCP connection beside the pool, its startup answered while another connection is in a transaction', async () => {
    // arrange
    const busy = await pool.connect();
    await busy.query('BEGIN');
    await busy.query(`INSERT INTO shared_rows (tx) VALUES ('pool')`);
    const tcp = new pg.Client({
      host: local.host,
      port: local.port,
      user: local.settings.user,
      database: local.settings.database,
      password: 'postgres',
    });
    try {
      // act
      await tcp.connect();
      const status = tcp.getTransactionStatus();
      // Simple query protocol, several statements in one message, as psql sends them.
      const inserted = tcp.query(`BEGIN; INSERT INTO shared_rows (tx) VALUES ('tcp'); COMMIT`);
      await sleep(20);
      await busy.query('COMMIT');
      await inserted;
      // assert
      expect(status).toBe('I');
      expect(await labels(pool)).toBe('pool tcp');
    } finally {
      busy.release();
      await tcp.end();
    }
  });
});
