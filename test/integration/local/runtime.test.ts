import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEtl } from '../../../etl/pipeline/run-etl';
import { connectServiceNow } from '../../../etl/servicenow-connection';
import { directoryObjectStore } from '../../../etl/store/object-store';
import { findSimilar } from '../../../lambdas/shared/db/similar';
import { createEmbedder } from '../../../lambdas/shared/embeddings/embedder';
import { staticCredentials } from '../../../lambdas/shared/servicenow';
import { type LocalRuntime, startLocalRuntime } from '../../../local/runtime';

const embedding = { provider: 'offline', modelId: 'hashing', dimension: 256 } as const;
const demoData = { incidents: 80, changeRequests: 30 };

describe('the local runtime', () => {
  let runtime: LocalRuntime;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ httpPort: 0, embedding, demoData });
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('serves /health through the real HTTP server and database', async () => {
    // act
    const res = await fetch(`${runtime.url}/health`);
    // assert
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', checks: { database: 'ok' } });
  });

  it('applies every migration on a fresh database', () => {
    expect(runtime.migrationsApplied.length).toBeGreaterThan(0);
    expect(runtime.migrationsApplied).toEqual([...runtime.migrationsApplied].sort());
  });

  it('loads the demo dataset with an embedding on every embedded record', async () => {
    expect(runtime.counts.incidents).toBe(80);
    expect(runtime.counts.change_requests).toBe(30);
    expect(runtime.counts.change_models).toBeGreaterThan(0);
    expect(runtime.counts.configuration_items).toBeGreaterThan(0);
    expect(runtime.counts.ci_relationships).toBeGreaterThan(0);
    expect(runtime.counts.validation_rules).toBeGreaterThan(0);
    for (const table of ['incidents', 'change_requests', 'change_models', 'configuration_items', 'validation_rules']) {
      const { rows } = await runtime.pool.query<{ missing: number }>(
        `SELECT count(*)::int AS missing FROM ${table} WHERE embedding IS NULL`,
      );
      expect(rows[0]?.missing, `${table} rows without embedding`).toBe(0);
    }
  });

  it('finds an incident as its own nearest neighbour by its stored embedding', async () => {
    // arrange
    const { rows } = await runtime.pool.query<{ sys_id: string; embedding: number[] }>(
      'SELECT sys_id, embedding FROM incidents ORDER BY number LIMIT 1',
    );
    const incident = rows[0];
    if (incident === undefined) throw new Error('no incident loaded');
    // act
    const similar = await findSimilar(runtime.pool, { table: 'incidents', embedding: incident.embedding, k: 3 });
    // assert
    expect(similar[0]?.id).toBe(incident.sys_id);
    expect(similar[0]?.score).toBeCloseTo(1, 5);
  });

  it('a full ETL re-run from the emulator embeds nothing and keeps every stored embedding', async () => {
    // arrange
    const storeDir = await mkdtemp(join(tmpdir(), 'runtime-etl-'));
    const deps = {
      client: connectServiceNow(
        runtime.serviceNowUrl,
        staticCredentials({ clientId: 'switchyard', clientSecret: 'switchyard-local' }),
      ),
      raw: directoryObjectStore(join(storeDir, 'raw')),
      curated: directoryObjectStore(join(storeDir, 'curated')),
      db: runtime.pool,
      embedder: createEmbedder(embedding),
    };
    // act
    const summary = await runEtl(deps, { mode: 'full' });
    // assert
    expect(runtime.etl?.totals.read).toBeGreaterThan(0);
    expect(summary.status).toBe('succeeded');
    expect(summary.totals.read).toBe(runtime.etl?.totals.read);
    expect(summary.totals.embedded).toBe(0);
    const { rows } = await runtime.pool.query<{ missing: number }>(
      'SELECT count(*)::int AS missing FROM incidents WHERE embedding IS NULL',
    );
    expect(rows[0]?.missing).toBe(0);
    await rm(storeDir, { recursive: true, force: true });
  });
});
