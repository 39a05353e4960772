import { cpus, loadavg } from 'node:os';
import type pg from 'pg';
import { createPool, withTransaction } from '../../lambdas/shared/db/pool';
import { type LocalDatabase, startLocalDatabase } from '../../local/database';
import { type Bench, fixed, percentile, printTable, readIntegerFlags } from './bench';

const DEFAULTS = { callers: 32, jobs: 300, workUs: 1000, rows: 20_000, rounds: 3 };
const SIZES = [1, 2, 4, 8];

/** Keeps the runtime's thread busy for `us` microseconds, as an agent's own code does between statements. */
function work(us: number): void {
  const until = performance.now() + us / 1000;
  while (performance.now() < until);
}

/**
 * One job shaped like an enrichment: four statements and one three-statement transaction,
 * with `workUs` of JS on the runtime's thread after each.
 */
async function job(pool: pg.Pool, n: number, workUs: number): Promise<void> {
  const bucket = n % 97;
  await pool.query('SELECT count(*)::int AS n, max(score) AS top FROM session_rows WHERE bucket = $1', [bucket]);
  work(workUs);
  await pool.query('SELECT id, note FROM session_rows WHERE id = $1', [n + 1]);
  work(workUs);
  await withTransaction(pool, async (client) => {
    await client.query(`SELECT set_config('work_mem', '8MB', true)`);
    await client.query('SELECT id FROM session_rows WHERE bucket = $1 ORDER BY score DESC LIMIT 5', [bucket]);
  });
  work(workUs);
  await pool.query('UPDATE session_rows SET score = score + 1 WHERE id = $1', [n + 1]);
  work(workUs);
  await pool.query('INSERT INTO session_log (job) VALUES ($1)', [n]);
  work(workUs);
}

interface Row {
  readonly connections: number;
  readonly perSecond: number;
  readonly mainMs: number;
  readonly databaseMs: number;
  readonly busyShare: number;
  readonly backToBackShare: number;
}

async function measure(local: LocalDatabase, connections: number, flags: typeof DEFAULTS): Promise<Row> {
  const pool = createPool({ ...local.settings, maxConnections: connections }, { stream: local.openConnection });
  try {
    // Warm: open the connections, plan the statements.
    await Promise.all(Array.from({ length: connections * 2 }, (_, n) => job(pool, n, 0)));
    const [cpu0, stats0] = await Promise.all([local.cpuUsage(), local.sessionStats()]);
    const main0 = process.threadCpuUsage();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: flags.callers }, async () => {
        while (next < flags.jobs) await job(pool, next++, flags.workUs);
      }),
    );
    const wallMs = performance.now() - started;
    const main = process.threadCpuUsage(main0);
    const [cpu1, stats1] = await Promise.all([local.cpuUsage(), local.sessionStats()]);
    const ms = (u: { user: number; system: number }) => (u.user + u.system) / 1000;
    return {
      connections,
      perSecond: flags.jobs / (wallMs / 1000),
      mainMs: ms(main) / flags.jobs,
      databaseMs: (ms(cpu1) - ms(cpu0)) / flags.jobs,
      busyShare: (stats1.busyMs - stats0.busyMs) / wallMs,
      backToBackShare: (stats1.backToBack - stats0.backToBack) / Math.max(1, stats1.batches - stats0.batches),
    };
  } finally {
    await pool.end();
  }
}

/**
 * The local database's shared session under a runtime-like load: `callers` concurrent
 * jobs, each five statements (one a transaction) with `workUs` of JS on the runtime's
 * thread after each, through pools of 1, 2, 4 and 8 connections over MessagePorts. Prints
 * jobs/s, CPU ms per job on each thread, the share of the time PGlite was running a
 * batch, and the share of batches that started as the previous one ended (PGlite did not wait).
 */
export const sharedSessionBench: Bench = {
  name: 'shared-session',
  description: 'the local database session shared by a pool of 1, 2, 4, 8 connections (runtime-like jobs)',
  run: async (args) => {
    const flags = readIntegerFlags(args, DEFAULTS);
    const local = await startLocalDatabase();
    try {
      const setup = createPool(local.settings, { stream: local.openConnection });
      await setup.query(`
        CREATE TABLE session_rows (id int PRIMARY KEY, bucket int NOT NULL, score int NOT NULL, note text NOT NULL);
        CREATE INDEX ON session_rows (bucket);
        CREATE TABLE session_log (id serial PRIMARY KEY, job int NOT NULL, at timestamptz NOT NULL DEFAULT now());`);
      await setup.query(
        `INSERT INTO session_rows SELECT n, n % 97, (n * 7919) % 1000, repeat('x', 40) FROM generate_series(1, $1) AS n`,
        [flags.rows],
      );
      await setup.query('ANALYZE');
      await setup.end();
      // Rounds of every size in turn: on a shared machine the load drifts, so compare within a round.
      const rows: Row[] = [];
      for (let round = 0; round < Math.max(1, flags.rounds); round += 1)
        for (const size of SIZES) rows.push(await measure(local, size, flags));
      console.log(
        `machine: ${cpus().length} cores, load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}; ${flags.callers} callers, ${flags.jobs} jobs, ${flags.workUs} µs of JS after each statement\n`,
      );
      printTable(
        ['connections', 'jobs/s', 'runtime ms/job', 'PGlite ms/job', 'PGlite busy %', 'back to back %'],
        rows.map((row) => [
          String(row.connections),
          fixed(row.perSecond),
          fixed(row.mainMs, 2),
          fixed(row.databaseMs, 2),
          fixed(row.busyShare * 100, 0),
          fixed(row.backToBackShare * 100, 0),
        ]),
      );
      const medians = SIZES.map((size) => {
        const rates = rows.filter((row) => row.connections === size).map((row) => row.perSecond);
        return `${size}: ${fixed(percentile(rates, 0.5))}`;
      });
      console.log(`\nmedian jobs/s by connections — ${medians.join(', ')}`);
    } finally {
      await local.stop();
    }
  },
};
