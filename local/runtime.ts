import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type pg from 'pg';
import type { LoadSummary } from '../etl/load/load-records';
import { startLocalEtl } from '../etl/local-load';
import type { EtlRunSummary } from '../etl/pipeline/run-etl';
import { createApp } from '../lambdas/api/app';
import { bearerPrincipal } from '../lambdas/api/auth';
import { createJobDispatcher, type JobDispatcher } from '../lambdas/api/jobs/dispatcher';
import { createChangeModelAssistant } from '../lambdas/change-model-assistant/assistant';
import {
  createLocalChangeValidation,
  type LocalChangeValidationOptions,
} from '../lambdas/change-validation/local-dependencies';
import type { LocalChangeValidationExecutor } from '../lambdas/change-validation/local-executor';
import type { EmbeddingSettings, RuntimeConfig } from '../lambdas/shared/config';
import { type CountedTable, countRecords } from '../lambdas/shared/db/counts';
import { applyMigrations } from '../lambdas/shared/db/migrate';
import { createPool, registerVectorType } from '../lambdas/shared/db/pool';
import { createEmbedder } from '../lambdas/shared/embeddings/embedder';
import {
  createLocalIncidentEnrichment,
  type LocalIncidentEnrichment,
  type LocalIncidentEnrichmentOptions,
} from '../lambdas/smart-solver/local-enrichment';
import type { TagModelTraining } from '../lambdas/tag-classifier/trainer';
import { createLocalVerifier, DEFAULT_KEY_FILE, loadOrCreateLocalKey } from './auth/local-key';
import { LOCAL_FORM_PREVIEW_PATH, withChatPage } from './chat/server';
import { LOCAL_POOL_CONNECTIONS, startLocalDatabase } from './database';
import type { generateDemoDataset } from './demo-data';
import { demoAnchor } from './demo-data/anchor';
import { type LocalTagModelTraining, startLocalTagModelTraining } from './tag-model-training';

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
  /**
   * Loopback port of the ServiceNow emulator the database is loaded from; when taken,
   * any free port. 0 picks a free one.
   * @default 0
   */
  readonly serviceNowPort?: number;
  /**
   * Folder for the ETL's raw and curated data.
   * @default a temporary folder, removed on stop
   */
  readonly etlStoreDir?: string;
  /**
   * Options for the demo dataset (size, seed, `now`). Without `now` the dataset is as of
   * the current hour, remembered in `dataDir` on first start (renewed by seed 'always').
   */
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
  /**
   * The ServiceNow instance the assistant's pre-filled links open.
   * @default the runtime's own local form preview (`/chat/servicenow`)
   */
  readonly assistantInstanceUrl?: string;
  /**
   * Change validation: the real ASL run by the local interpreter over the agents'
   * handlers, writing to the emulator. Used when `dispatcher` is not given.
   * @default auto-transition on, offline inference
   */
  readonly changeValidation?: Omit<LocalChangeValidationOptions, 'db' | 'embedder' | 'serviceNowUrl'>;
  /**
   * Incident enrichment: the Smart Solver calling the five agents' handlers in-process,
   * writing work notes to the emulator. Used when `dispatcher` is not given.
   * @default the solver's plan, offline inference
   */
  readonly incidentEnrichment?: Omit<LocalIncidentEnrichmentOptions, 'db' | 'embedder' | 'serviceNowUrl'>;
  /**
   * The runtime configuration whose model aliases (`MODEL_ALIASES`, prices, budgets,
   * provider settings) answer both jobs' model steps, as in AWS; a job's own `config`
   * wins. @default the local defaults: every alias offline
   */
  readonly config?: RuntimeConfig;
}

/** A running local runtime. */
export interface LocalRuntime {
  readonly url: string;
  readonly databasePort: number;
  /** The CPU time the database's thread has used so far (µs). */
  databaseCpuUsage(): Promise<{ readonly user: number; readonly system: number }>;
  readonly pool: pg.Pool;
  /** Migrations applied by this start (empty when the schema was current). */
  readonly migrationsApplied: readonly string[];
  /** What the ETL from the emulator loaded at start; empty when it read nothing new. */
  readonly loaded: readonly LoadSummary[];
  /** The ETL run at start (incremental; full with seed 'always'); undefined with seed 'never'. */
  readonly etl: EtlRunSummary | undefined;
  /** The ServiceNow emulator (demo dataset in Table API shape). */
  readonly serviceNowUrl: string;
  /** The moment the demo dataset is "as of". */
  readonly demoAsOf: Date;
  readonly counts: Readonly<Record<CountedTable, number>>;
  /** The local change validation executor; undefined when a `dispatcher` was given. */
  readonly changeValidation: LocalChangeValidationExecutor | undefined;
  /** The local incident enrichment (Smart Solver and agents); undefined when a `dispatcher` was given. */
  readonly incidentEnrichment: LocalIncidentEnrichment | undefined;
  /**
   * The Tag Classifier's training after the ETL load, on its own thread (skipped when the
   * stored model learnt from this history); undefined when a `dispatcher` was given.
   */
  readonly tagModel: Promise<TagModelTraining> | undefined;
  /** Stops HTTP, closes the pool, then stops the database. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the whole system on a laptop: the embedded PostgreSQL served on loopback, the
 * same migrations the AWS custom resource applies, the ServiceNow emulator serving the
 * demo dataset with the database loaded from it through the real ETL, and the same
 * HTTP app API Gateway serves.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const database = await startLocalDatabase({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    port: options.databasePort ?? 0,
  });
  // Over MessagePorts to the database's thread; loopback TCP stays open for psql and other tools.
  const pool = createPool(
    { ...database.settings, maxConnections: LOCAL_POOL_CONNECTIONS },
    { stream: database.openConnection },
  );
  let stopEtl: () => Promise<void> = async () => {};
  let tagModel: LocalTagModelTraining | undefined;
  const stopDatabase = async () => {
    await tagModel?.stop();
    await stopEtl();
    await pool.end();
    await database.stop();
  };

  try {
    const migrations = await applyMigrations(pool, { embeddingDimension: options.embedding.dimension });
    await registerVectorType(pool);

    const embedder = createEmbedder(options.embedding);
    // The database is filled from the emulator by the real ETL: everything on an empty
    // database, only what changed since the watermarks on a restart.
    const seed = options.seed ?? 'if-empty';
    // Demo dates are relative to this moment, so drafts are judged by the real clock.
    const demoAsOf =
      options.demoData?.now ??
      (await demoAnchor({
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        renew: seed === 'always',
      }));
    const localEtl = await startLocalEtl({
      db: pool,
      embedder,
      mode: seed === 'never' ? 'none' : seed === 'always' ? 'full' : 'incremental',
      demoData: { ...options.demoData, now: demoAsOf },
      ...(options.serviceNowPort === undefined ? {} : { serviceNowPort: options.serviceNowPort }),
      ...(options.etlStoreDir === undefined ? {} : { storeDir: options.etlStoreDir }),
    });
    stopEtl = localEtl.stop;
    const { loaded } = localEtl;
    const counts = await countRecords(pool);

    const changeValidation =
      options.dispatcher === undefined
        ? createLocalChangeValidation({
            ...(options.config === undefined ? {} : { config: options.config }),
            ...options.changeValidation,
            db: pool,
            embedder,
            serviceNowUrl: localEtl.emulator.url,
          })
        : undefined;
    // The Tag Classifier learns from what the ETL just loaded, off the HTTP thread.
    tagModel =
      options.dispatcher === undefined
        ? startLocalTagModelTraining(pool, options.incidentEnrichment?.history)
        : undefined;
    const incidentEnrichment =
      options.dispatcher === undefined
        ? createLocalIncidentEnrichment({
            ...(options.config === undefined ? {} : { config: options.config }),
            ...options.incidentEnrichment,
            history: { ...options.incidentEnrichment?.history, pendingModel: tagModel?.done },
            db: pool,
            embedder,
            serviceNowUrl: localEtl.emulator.url,
          })
        : undefined;
    const dispatcher =
      options.dispatcher ??
      (changeValidation === undefined || incidentEnrichment === undefined
        ? createJobDispatcher()
        : createJobDispatcher(
            { 'change-validation': changeValidation.worker, 'incident-enrichment': incidentEnrichment.worker },
            {
              settled: (kind, jobId) =>
                kind === 'change-validation' ? changeValidation.settled(jobId) : incidentEnrichment.settled(jobId),
            },
          ));

    const signingKey = await loadOrCreateLocalKey(options.signingKeyFile ?? DEFAULT_KEY_FILE);
    let listeningUrl = '';
    const assistant = createChangeModelAssistant({
      db: pool,
      embedder,
      instanceUrl: () => options.assistantInstanceUrl ?? `${listeningUrl}${LOCAL_FORM_PREVIEW_PATH}`,
    });
    const app = createApp({
      checkDatabase: async () => {
        await pool.query('SELECT 1');
      },
      version: options.version ?? '0.0.0',
      db: pool,
      principal: bearerPrincipal(createLocalVerifier(signingKey)),
      jwks: signingKey.publicJwks,
      assistant,
      dispatcher,
    });
    // The chat page (and its local token endpoint) exists in the local runtime only.
    const server = await listen(withChatPage(app.fetch, { key: signingKey }), options.httpPort ?? 8080);
    const { port } = server.address() as AddressInfo;
    listeningUrl = `http://127.0.0.1:${port}`;

    let stopping: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${port}`,
      databasePort: database.port,
      databaseCpuUsage: () => database.cpuUsage(),
      pool,
      migrationsApplied: migrations.applied,
      loaded,
      etl: localEtl.summary,
      serviceNowUrl: localEtl.emulator.url,
      demoAsOf,
      counts,
      changeValidation,
      incidentEnrichment,
      tagModel: tagModel?.done,
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
