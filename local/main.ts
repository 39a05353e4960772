import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { readRuntimeConfig } from '../lambdas/shared/config';
import { startLocalRuntime } from './runtime';

/**
 * `npm start`: the whole system on this machine, on its embedded defaults.
 * Flags: --in-memory, --data-dir DIR, --reseed, --db-port N. HTTP port: PORT.
 */

const USAGE = 'usage: npm start -- [--in-memory] [--data-dir DIR] [--reseed] [--db-port N]';

async function main(): Promise<void> {
  const { values: flags } = parseArgs({
    options: {
      'in-memory': { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '.switchyard/pgdata' },
      reseed: { type: 'boolean', default: false },
      'db-port': { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const databasePort = Number(flags['db-port']);
  if (!Number.isInteger(databasePort) || databasePort < 0 || databasePort > 65535) {
    throw new Error(`--db-port: expected a port number 0-65535; got "${flags['db-port']}"\n${USAGE}`);
  }

  const config = readRuntimeConfig();
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
  const startedAt = performance.now();
  console.log('Switchyard local runtime starting…');

  const runtime = await startLocalRuntime({
    httpPort: config.httpPort,
    ...(flags['in-memory'] ? {} : { dataDir: flags['data-dir'] }),
    databasePort,
    embedding: config.embedding,
    config,
    seed: flags.reseed ? 'always' : 'if-empty',
    serviceNowPort: Number(new URL(config.serviceNowInstanceUrl).port || '8081'),
    ...(flags['in-memory'] ? {} : { etlStoreDir: join(dirname(flags['data-dir']), 'etl') }),
    version,
  });

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const lines = [
    `Switchyard ${version} is running (started in ${seconds} s)`,
    `  HTTP        ${runtime.url}   (GET ${runtime.url}/health)`,
    `  API         curl -H "Authorization: Bearer $(npm run --silent token)" ${runtime.url}/v1/agents   (contract: /v1/openapi.json)`,
    `  Chat        ${runtime.url}/chat   (change model assistant; local only)`,
    `  PostgreSQL  127.0.0.1:${runtime.databasePort}  PGlite + pgvector, ${flags['in-memory'] ? 'in memory' : `data in ${flags['data-dir']}`} (user postgres; connections share one session)`,
    `  ServiceNow  ${runtime.serviceNowUrl}   emulator: demo dataset in Table API shape (OAuth client switchyard / switchyard-local)`,
    `  Embeddings  ${config.embedding.provider} (${config.embedding.dimension} dimensions)`,
    `  Models      ${Object.entries(config.inference.aliases)
      .map(([alias, model]) => `${alias} → ${model.provider}/${model.modelId}`)
      .join(', ')}   (MODEL_ALIASES; the agents' model steps)`,
    `  Migrations  ${runtime.migrationsApplied.length > 0 ? `applied ${runtime.migrationsApplied.join(', ')}` : 'schema up to date'}`,
    `  ETL         ${runtime.etl === undefined ? 'skipped' : `run ${runtime.etl.runId} from the emulator: read ${runtime.etl.totals.read}, changed ${runtime.etl.totals.changed}, embedded ${runtime.etl.totals.embedded}, skipped ${runtime.etl.totals.skipped}`}`,
    `  Demo data   ${runtime.loaded.length > 0 ? 'loaded now' : 'already loaded (--reseed to reload)'}: ${Object.entries(
      runtime.counts,
    )
      .filter(([, count]) => count > 0)
      .map(([table, count]) => `${count} ${table}`)
      .join(', ')}`,
    'Press Ctrl-C to stop.',
  ];
  console.log(lines.join('\n'));
  // The Tag Classifier trains on its own thread after the ETL load; say when its model is ready.
  runtime.tagModel?.then(
    (t) =>
      console.log(
        t.status === 'trained'
          ? `  Tag model   trained on ${t.historySize} incidents in ${(t.trainingMs / 1000).toFixed(1)} s (its own thread), stored as model ${t.modelId}`
          : `  Tag model   model ${t.modelId} is current (the history is unchanged): nothing to train`,
      ),
    () => undefined,
  );

  const shutdown = (signal: string) => {
    console.log(`\n${signal} received: stopping…`);
    runtime.stop().then(
      () => {
        console.log('Stopped cleanly.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Error while stopping:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`Switchyard could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
