import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../../lambdas/shared/db/pool';
import { startLocalDatabase } from '../../../local/database';

describe('startLocalDatabase', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'switchyard-')), 'not-yet-created', 'pgdata');
  });
  afterAll(async () => {
    await rm(join(dataDir, '..', '..'), { recursive: true, force: true });
  });

  it('serves PostgreSQL with pgvector on a free loopback port, reachable through pg', async () => {
    // arrange
    const local = await startLocalDatabase();
    const pool = createPool(local.settings);
    try {
      // act
      await pool.query('CREATE EXTENSION IF NOT EXISTS vector');
      const { rows } = await pool.query(`SELECT '[3,4]'::vector <-> '[0,0]'::vector AS distance`);
      // assert
      expect(local.host).toBe('127.0.0.1');
      expect(local.port).toBeGreaterThan(0);
      expect(local.settings).toMatchObject({ port: local.port, maxConnections: 1, ssl: false });
      expect(rows).toEqual([{ distance: 5 }]);
    } finally {
      await pool.end();
      await local.stop();
    }
  });

  it('keeps its data in dataDir across a restart', async () => {
    // arrange
    const first = await startLocalDatabase({ dataDir });
    const firstPool = createPool(first.settings);
    await firstPool.query(`CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')`);
    await firstPool.end();
    await first.stop();
    // act
    const second = await startLocalDatabase({ dataDir });
    const secondPool = createPool(second.settings);
    try {
      const { rows } = await secondPool.query('SELECT note FROM kept');
      // assert
      expect(rows).toEqual([{ note: 'still here' }]);
    } finally {
      await secondPool.end();
      await second.stop();
    }
  });

  it('can be stopped twice', async () => {
    const local = await startLocalDatabase();
    await local.stop();
    await expect(local.stop()).resolves.toBeUndefined();
  });
});
