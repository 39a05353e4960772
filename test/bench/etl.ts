import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runEtl } from '../../etl/pipeline/run-etl';
import { connectServiceNow } from '../../etl/servicenow-connection';
import { directoryObjectStore } from '../../etl/store/object-store';
import { upsertIncidents } from '../../lambdas/shared/db/incidents';
import { applyMigrations } from '../../lambdas/shared/db/migrate';
import { createPool } from '../../lambdas/shared/db/pool';
import { createEmbedder } from '../../lambdas/shared/embeddings/embedder';
import { staticCredentials } from '../../lambdas/shared/servicenow';
import { startLocalDatabase } from '../../local/database';
import { generateDemoDataset } from '../../local/demo-data';
import { toServiceNowTables } from '../../local/demo-data/servicenow-tables';
import { startEmulator } from '../../local/servicenow-emulator';
import { type Bench, fixed, peakRssMiB, printTable, readIntegerFlags } from './bench';

/**
 * The ETL end to end: generated incidents served by the ServiceNow emulator over HTTP,
 * extracted into raw partitions on disk, transformed and redacted, embedded offline and
 * loaded into PostgreSQL (PGlite), beside a plain bulk insert of the same rows (no
 * HTTP, no transform, no embedding) into a fresh database in the same run.
 */

const DEFAULTS = { incidents: 50_000, pageSize: 1000, batch: 128, dimension: 512 };

export const etlBench: Bench = {
  name: 'etl',
  description: 'ETL end to end: emulator → raw → transform → embed → PostgreSQL, beside a plain bulk insert',
  run: async (args) => {
    const flags = readIntegerFlags(args, DEFAULTS);
    const dataset = generateDemoDataset({ incidents: flags.incidents, changeRequests: 0 });
    const rows = toServiceNowTables(dataset).incident ?? [];
    console.log(
      `${rows.length} incidents, pages of ${flags.pageSize}, embedding batches of ${flags.batch}, offline embedder at ${flags.dimension} dimensions`,
    );
    const embedding = { provider: 'offline', modelId: 'offline', dimension: flags.dimension } as const;

    // The pipeline: HTTP extract, raw partitions, transform, embed, load.
    const pipeline = await withDatabase(flags.dimension, async (pool) => {
      const emulator = await startEmulator({ tables: { incident: rows } });
      const dir = await mkdtemp(join(tmpdir(), 'bench-etl-'));
      try {
        let extractEndedAt = 0;
        let embedSeconds = 0;
        const inner = createEmbedder(embedding);
        const embedder = {
          modelId: inner.modelId,
          dimension: inner.dimension,
          embed: async (texts: readonly string[]) => {
            const at = performance.now();
            const vectors = await inner.embed(texts);
            embedSeconds += (performance.now() - at) / 1000;
            return vectors;
          },
        };
        const started = performance.now();
        const summary = await runEtl(
          {
            client: connectServiceNow(
              emulator.url,
              staticCredentials({ clientId: 'switchyard', clientSecret: 'switchyard-local' }),
            ),
            raw: directoryObjectStore(join(dir, 'raw')),
            curated: directoryObjectStore(join(dir, 'curated')),
            db: pool,
            embedder,
          },
          {
            tables: ['incident'],
            pageSize: flags.pageSize,
            batchSize: flags.batch,
            onProgress: (p) => {
              if (p.phase === 'extract') extractEndedAt = performance.now();
            },
          },
        );
        const seconds = (performance.now() - started) / 1000;
        if (summary.status !== 'succeeded' || summary.totals.loaded !== rows.length) {
          throw new Error(`ETL run did not load every incident: ${JSON.stringify(summary.totals)} ${summary.errors}`);
        }
        return { seconds, extractSeconds: (extractEndedAt - started) / 1000, embedSeconds, summary };
      } finally {
        await emulator.close();
        await rm(dir, { recursive: true, force: true });
      }
    });

    // The baseline: the same normalised rows, multi-row INSERTs of 1000, nothing else.
    const bulk = await withDatabase(flags.dimension, async (pool) => {
      const started = performance.now();
      for (let start = 0; start < dataset.incidents.length; start += 1000) {
        await upsertIncidents(
          pool,
          dataset.incidents.slice(start, start + 1000).map((record) => ({ record })),
        );
      }
      return { seconds: (performance.now() - started) / 1000 };
    });

    const n = rows.length;
    const pipelineRate = n / pipeline.seconds;
    const bulkRate = n / bulk.seconds;
    printTable(
      ['path', 'seconds', 'records/s'],
      [
        ['ETL end to end', fixed(pipeline.seconds, 1), fixed(pipelineRate, 0)],
        ['  of which extract (HTTP → raw)', fixed(pipeline.extractSeconds, 1), fixed(n / pipeline.extractSeconds, 0)],
        [
          '  of which transform + embed + load',
          fixed(pipeline.seconds - pipeline.extractSeconds, 1),
          fixed(n / (pipeline.seconds - pipeline.extractSeconds), 0),
        ],
        ['    of which embedding (offline)', fixed(pipeline.embedSeconds, 1), fixed(n / pipeline.embedSeconds, 0)],
        ['plain bulk insert (same rows)', fixed(bulk.seconds, 1), fixed(bulkRate, 0)],
      ],
    );
    const t = pipeline.summary.totals;
    console.log(
      `\nratio: the bulk insert is ${fixed(bulkRate / pipelineRate, 1)}x the end-to-end rate ` +
        `(read ${t.read}, embedded ${t.embedded}, loaded ${t.loaded}, skipped ${t.skipped}, ` +
        `${pipeline.summary.partitions} partitions); peak RSS ${fixed(peakRssMiB(), 0)} MiB`,
    );
  },
};

async function withDatabase<T>(dimension: number, fn: (pool: ReturnType<typeof createPool>) => Promise<T>): Promise<T> {
  const database = await startLocalDatabase();
  const pool = createPool(database.settings);
  try {
    await applyMigrations(pool, { embeddingDimension: dimension });
    return await fn(pool);
  } finally {
    await pool.end();
    await database.stop();
  }
}
