import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type pg from 'pg';
import { loadBundle } from '../etl/load/load-bundle';
import type { LoadSummary } from '../etl/load/load-records';
import { createApp } from '../lambdas/api/app';
import { bearerPrincipal } from '../lambdas/api/auth';
import type { JobDispatcher } from '../lambdas/api/jobs/dispatcher';
import type { EmbeddingSettings } from '../lambdas/shared/config';
import { type CountedTable, countRecords } from '../lambdas/shared/db/counts';
import { applyMigrations } from '../lambdas/shared/db/migrate';
import { createPool, registerVectorType } from '../lambdas/shared/db/pool';
import { createEmbedder } from '../lambdas/shared/embeddings/embedder';
import { createLocalVerifier, DEFAULT_KEY_FILE, loadOrCreateLocalKey } from './auth/local-key';
import { startLocalDatabase } from './database';
import { generateDemoDataset } from './demo-data';

/** How to start the local runtime. */
export interface LocalRuntimeOptions {
  /**
   * HTTP port; 0 picks a free one.
   * @default 8080
   */
  readonly httpPort?: number;
  /**
   * Folder for the embedded database's files.
   * @default undefined — in memory
   */
  readonly dataDir?: string;
  /**
   * Loopback port of the embedded PostgreSQL; 0 picks a free one.
   * @default 0
   */
  readonly databasePort?: number;
  /** Embedding settings; the offline embedder is the local default. */
  readonly embedding: EmbeddingSettings;
  /**
   * Load the demo dataset: `'if-empty'` on first start only, `'always'` to reload
   * (unchanged records keep their embeddings), `'never'` to skip.
   * @default 'if-empty'
   */
  readonly seed?: 'if-empty' | 'always' | 'never';
  /** Options for the demo dataset (size, seed). */
  readonly demoData?: Parameters<typeof generateDemoDataset>[0];
  /** The version reported by /health. */
  readonly version?: string;
  /**
   * The local signing key file that `npm run token` also uses.
   * @default .switchyard/local-signing-key.json
   */
  readonly signingKeyFile?: string;
  /**
   * Hands accepted jobs to their workers.
   * @default none registered (jobs stay accepted)
   */
  readonly dispatcher?: JobDispatcher;
}

/** A running local runtime. */
export interface LocalRuntime {
  readonly url: string;
  readonly databasePort: number;
  readonly pool: pg.Pool;
  /** Migrations applied by this start (empty when the schema was current). */
  readonly migrationsApplied: readonly string[];
  /** What the demo load did; empty when it was skipped. */
  readonly loaded: readonly LoadSummary[];
  readonly counts: Readonly<Record<CountedTable, number>>;
  /** Stops HTTP, closes the pool, then stops the database. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the whole system on a laptop: the embedded PostgreSQL served on loopback, the
 * same migrations the AWS custom resource applies, the demo dataset loaded through the
 * ETL's embed-and-load step, and the same HTTP app API Gateway serves.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const database = await startLocalDatabase({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    port: options.databasePort ?? 0,
  });
  const pool = createPool(database.settings);
  const stopDatabase = async () => {
    await pool.end();
    await database.stop();
  };

  try {
    const migrations = await applyMigrations(pool, { embeddingDimension: options.embedding.dimension });
    await registerVectorType(pool);

    const embedder = createEmbedder(options.embedding);
    const before = await countRecords(pool);
    const seed = options.seed ?? 'if-empty';
    const shouldLoad = seed === 'always' || (seed === 'if-empty' && before.incidents === 0);
    const loaded = shouldLoad ? await loadBundle(pool, embedder, generateDemoDataset(options.demoData)) : [];
    const counts = shouldLoad ? await countRecords(pool) : before;

    const signingKey = await loadOrCreateLocalKey(options.signingKeyFile ?? DEFAULT_KEY_FILE);
    const app = createApp({
      checkDatabase: async () => {
        await pool.query('SELECT 1');
      },
      version: options.version ?? '0.0.0',
      db: pool,
      principal: bearerPrincipal(createLocalVerifier(signingKey)),
      jwks: signingKey.publicJwks,
      ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    });
    const server = await listen(app.fetch, options.httpPort ?? 8080);
    const { port } = server.address() as AddressInfo;

    let stopping: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${port}`,
      databasePort: database.port,
      pool,
      migrationsApplied: migrations.applied,
      loaded,
      counts,
      stop: () => {
        stopping ??= new Promise<void>((resolve) => server.close(() => resolve())).then(stopDatabase);
        return stopping;
      },
    };
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}

type Server = ReturnType<typeof serve>;

function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server: Server = serve({ fetch, port, hostname: '127.0.0.1' }, () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is already in use; set PORT to another port (0 picks a free one).`)
          : error,
      ),
    );
  });
}
