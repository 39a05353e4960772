import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../../../etl/load/load-bundle';
import { findSimilar } from '../../../lambdas/shared/db/similar';
import { createEmbedder } from '../../../lambdas/shared/embeddings/embedder';
import { generateDemoDataset } from '../../../local/demo-data';
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

  it('re-loading the same dataset embeds nothing and keeps every stored embedding', async () => {
    // act
    const summaries = await loadBundle(runtime.pool, createEmbedder(embedding), generateDemoDataset(demoData));
    // assert
    for (const summary of summaries) {
      expect(summary.embedded, summary.table).toBe(0);
      expect(summary.written + summary.skipped, summary.table).toBe(summary.received);
    }
    const { rows } = await runtime.pool.query<{ missing: number }>(
      'SELECT count(*)::int AS missing FROM incidents WHERE embedding IS NULL',
    );
    expect(rows[0]?.missing).toBe(0);
  });
});
