import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readRuntimeConfig } from '../../lambdas/shared/config';
import { applyMigrations } from '../../lambdas/shared/db/migrate';
import { createPool, registerVectorType } from '../../lambdas/shared/db/pool';
import { createEmbedder } from '../../lambdas/shared/embeddings/embedder';
import { secretsManagerCredentials, staticCredentials } from '../../lambdas/shared/servicenow';
import { startLocalDatabase } from '../../local/database';
import { demoServiceNowTables, startEmulator } from '../../local/servicenow-emulator';
import { runBackfill } from '../pipeline/backfill';
import { runEtl } from '../pipeline/run-etl';
import { connectServiceNow } from '../servicenow-connection';
import { parseTableList, SOURCE_TABLES } from '../source-tables';
import { directoryObjectStore } from '../store/object-store';
import { createS3Client, s3ObjectStore } from '../store/s3-object-store';
import { formatSummary, progressView } from './progress';

/**
 * `npm run etl -- [--full] [--table x,y] [--instance URL] [--db-port N] [--data-dir DIR]`:
 * one ETL run, the same steps the Lambdas run, against the emulator (seeded with the
 * demo dataset, the default) or a real instance, into the embedded database (or the
 * one `npm start` serves, with --db-port).
 */

const USAGE = `usage: npm run etl -- [--full] [--table ${SOURCE_TABLES.slice(0, 2).join(',')},…] [--instance URL]
       [--db-port N | --data-dir DIR] [--page-size N]
  --full        a backfill: re-read every table, seal the partition list, then run the
                per-partition step over it (what the backfill state machine does in AWS)
  --table       only these tables (default: all of ${SOURCE_TABLES.join(', ')})
  --instance    a ServiceNow instance URL (OAuth client from SERVICENOW_CLIENT_ID/SECRET or
                SERVICENOW_SECRET_NAME); default: the emulator, seeded with the demo dataset
  --db-port     load the database a running \`npm start\` serves on this port
  --data-dir    otherwise open the embedded database here (default .switchyard/pgdata; stop npm start first)`;

async function main(argv: readonly string[]): Promise<number> {
  const { values: flags } = parseArgs({
    args: [...argv],
    options: {
      full: { type: 'boolean', default: false },
      table: { type: 'string' },
      instance: { type: 'string' },
      'db-port': { type: 'string' },
      'data-dir': { type: 'string', default: '.switchyard/pgdata' },
      'page-size': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const config = readRuntimeConfig();
  const tables = flags.table === undefined ? SOURCE_TABLES : parseTableList(flags.table);
  const pageSize =
    flags['page-size'] === undefined ? config.etl.pageSize : wholeNumber('--page-size', flags['page-size']);
  const cleanups: (() => Promise<void>)[] = [];
  try {
    // ServiceNow: a real instance, or the emulator seeded with the demo dataset.
    let instanceUrl = flags.instance;
    let credentials =
      config.serviceNowCredentials.kind === 'secret'
        ? secretsManagerCredentials(config.serviceNowCredentials.secretName)
        : staticCredentials(config.serviceNowCredentials);
    if (instanceUrl === undefined) {
      const emulator = await startEmulator({ tables: demoServiceNowTables() });
      cleanups.push(() => emulator.close());
      instanceUrl = emulator.url;
      credentials = staticCredentials({ clientId: 'switchyard', clientSecret: 'switchyard-local' });
      console.error(`ServiceNow emulator (demo dataset) on ${emulator.url}`);
    }

    // PostgreSQL: the running local runtime's, or the embedded database opened here.
    let settings = { ...config.database };
    if (flags['db-port'] !== undefined) {
      settings = {
        ...settings,
        host: '127.0.0.1',
        port: wholeNumber('--db-port', flags['db-port']),
        maxConnections: 1,
      };
    } else {
      const database = await startLocalDatabase({ dataDir: flags['data-dir'] });
      cleanups.push(() => database.stop());
      settings = database.settings;
      console.error(`Embedded PostgreSQL, data in ${flags['data-dir']}`);
    }
    const pool = createPool(settings);
    cleanups.push(() => pool.end());
    await applyMigrations(pool, { embeddingDimension: config.embedding.dimension });
    await registerVectorType(pool);

    const buckets = config.etl.buckets;
    const s3 = buckets === undefined ? undefined : createS3Client();
    const raw = s3 && buckets ? s3ObjectStore(s3, buckets.raw) : directoryObjectStore(join(config.etl.storeDir, 'raw'));
    const curated =
      s3 && buckets ? s3ObjectStore(s3, buckets.curated) : directoryObjectStore(join(config.etl.storeDir, 'curated'));
    console.error(
      buckets === undefined
        ? `Raw and curated data in ${config.etl.storeDir}/`
        : `Buckets ${buckets.raw}, ${buckets.curated}`,
    );

    const view = progressView();
    const run = flags.full ? runBackfill : runEtl;
    const summary = await run(
      {
        client: connectServiceNow(instanceUrl, credentials),
        raw,
        curated,
        db: pool,
        embedder: createEmbedder(config.embedding),
      },
      { tables, pageSize, onProgress: (p) => view.update(p) },
    );
    view.done();
    console.log(formatSummary(summary));
    return summary.status === 'succeeded' ? 0 : 1;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

function wholeNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a whole number; got "${value}"\n${USAGE}`);
  return n;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`ETL failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
