import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { createPool, registerVectorType, toVectorParam } from '../../lambdas/shared/db/pool';
import { startLocalDatabase } from '../../local/database';
import {
  type Bench,
  fixed,
  gaussian,
  peakRssMiB,
  percentile,
  printTable,
  readIntegerFlags,
  seededRandom,
} from './bench';

/**
 * Vector search on the local database, through the same path the code uses
 * (pg pool → the local database thread → PGlite with pgvector): bulk load, exact top-k by a
 * sequential scan, HNSW build after the load, HNSW top-k at two ef_search values,
 * and the recall of HNSW against the exact answer.
 */

const DEFAULTS = {
  rows: 50_000,
  dim: 256,
  queries: 200,
  k: 10,
  /** Clusters the data is drawn around, so nearest neighbours mean something. */
  centres: 100,
  /** Rows per multi-row INSERT. */
  batch: 500,
  seed: 42,
  /** Untimed queries before each timed run, so caches are warm for every variant alike. */
  warmup: 20,
  /** hnsw.ef_search values to measure. */
  'ef-low': 40,
  'ef-high': 100,
  /** maintenance_work_mem for the index build, in MiB. */
  'build-mem-mib': 256,
};

type Flags = typeof DEFAULTS;

export const vectorBench: Bench = {
  name: 'vector',
  description: 'pgvector on PGlite through pg: load, exact vs HNSW top-k latency, recall, build time',
  run: async (args) => {
    const flags = readIntegerFlags(args, DEFAULTS);
    await runVectorBench(flags);
  },
};

async function runVectorBench(flags: Flags): Promise<void> {
  console.log(
    Object.entries(flags)
      .map(([name, value]) => `${name}=${value}`)
      .join(' '),
  );
  const startedMs = performance.now();
  const local = await startLocalDatabase();
  const pool = createPool(local.settings);
  await pool.query('CREATE EXTENSION IF NOT EXISTS vector');
  await registerVectorType(pool);
  // One client for the whole run (the pool has one connection), so SET applies to every query.
  const client = await pool.connect();
  const notices: string[] = [];
  client.on('notice', (notice) => notices.push(notice.message ?? ''));
  try {
    await client.query(`CREATE TABLE bench_vectors (id integer PRIMARY KEY, embedding vector(${flags.dim}) NOT NULL)`);
    const startupMs = performance.now() - startedMs;
    const rss = { startup: currentRssMiB(), load: 0, build: 0 };

    progress(`generating ${flags.rows} vectors`);
    const data = clusteredVectors(flags);
    progress('loading');
    const load = await loadVectors(client, data.rows, flags.batch);
    rss.load = currentRssMiB();

    await client.query('ANALYZE bench_vectors');
    // No index exists yet, so this is a sequential scan: the exact answer.
    const exactPlan = await plan(client, data.queries[0] as number[], flags.k);
    progress('exact queries');
    const exact = await timeQueries(client, data.queries, flags.k, flags.warmup);

    await client.query(`SET maintenance_work_mem = '${flags['build-mem-mib']}MB'`);
    progress('building the HNSW index');
    const buildStartMs = performance.now();
    await client.query(
      'CREATE INDEX bench_vectors_embedding_idx ON bench_vectors USING hnsw (embedding vector_cosine_ops)',
    );
    const buildMs = performance.now() - buildStartMs;
    rss.build = currentRssMiB();
    await client.query('ANALYZE bench_vectors');
    const sizes = await client.query<{ table_mib: number; index_mib: number }>(
      `SELECT pg_table_size('bench_vectors') / 1048576.0 AS table_mib,
              pg_relation_size('bench_vectors_embedding_idx') / 1048576.0 AS index_mib`,
    );

    const hnsw = [];
    for (const ef of [flags['ef-low'], flags['ef-high']]) {
      await client.query(`SET hnsw.ef_search = ${ef}`);
      const hnswPlan = await plan(client, data.queries[0] as number[], flags.k);
      progress(`HNSW queries, ef_search=${ef}`);
      const timed = await timeQueries(client, data.queries, flags.k, flags.warmup);
      hnsw.push({ ef, plan: hnswPlan, ...timed, recall: recallAtK(exact.results, timed.results, flags.k) });
    }

    const exactP50 = percentile(exact.latenciesMs, 0.5);
    console.log(`\nstartup (PGlite + socket + pool): ${fixed(startupMs / 1000, 2)} s`);
    console.log(
      `load: ${flags.rows} rows in ${fixed(load.ms / 1000, 2)} s = ${fixed(flags.rows / (load.ms / 1000), 0)} rows/s ` +
        `(${load.statements} multi-row INSERTs of ≤${flags.batch} rows)`,
    );
    console.log(
      `HNSW build (m=16, ef_construction=64, maintenance_work_mem=${flags['build-mem-mib']}MB): ${fixed(buildMs / 1000, 2)} s; ` +
        `table ${fixed(Number(sizes.rows[0]?.table_mib), 1)} MiB, index ${fixed(Number(sizes.rows[0]?.index_mib), 1)} MiB`,
    );
    for (const notice of notices) console.log(`  notice: ${notice}`);
    console.log(`exact plan: ${exactPlan}`);
    console.log(`HNSW plan:  ${hnsw[0]?.plan}\n`);

    printTable(
      ['search', 'p50 ms', 'p95 ms', 'mean ms', 'speed-up vs exact (p50)', `recall@${flags.k}`],
      [
        [
          'exact (seq scan)',
          fixed(exactP50, 2),
          fixed(percentile(exact.latenciesMs, 0.95), 2),
          fixed(mean(exact.latenciesMs), 2),
          '1.0x',
          '1.000',
        ],
        ...hnsw.map((run) => {
          const p50 = percentile(run.latenciesMs, 0.5);
          return [
            `HNSW ef_search=${run.ef}`,
            fixed(p50, 2),
            fixed(percentile(run.latenciesMs, 0.95), 2),
            fixed(mean(run.latenciesMs), 2),
            `${fixed(exactP50 / p50, 1)}x`,
            fixed(run.recall, 3),
          ];
        }),
      ],
    );
    console.log(
      `\npeak RSS: ${fixed(peakRssMiB(), 0)} MiB (includes PGlite's start-up peak); RSS after start-up ` +
        `${fixed(rss.startup, 0)} MiB, after load ${fixed(rss.load, 0)} MiB, after index build ${fixed(rss.build, 0)} MiB; ` +
        `total ${fixed((performance.now() - startedMs) / 1000, 1)} s`,
    );
  } finally {
    client.release();
    await pool.end();
    await local.stop();
  }
}

/** Unit vectors drawn around random centres, plus queries from the same distribution (not in the data). */
function clusteredVectors(flags: Flags): { rows: number[][]; queries: number[][] } {
  const random = seededRandom(flags.seed);
  const normal = gaussian(random);
  // Per-component spread: the noise vector's length is about 0.7 of the centre's.
  const spread = 0.7 / Math.sqrt(flags.dim);
  const centres = Array.from({ length: flags.centres }, () =>
    normalise(Array.from({ length: flags.dim }, () => normal())),
  );
  const draw = (): number[] => {
    const centre = centres[Math.floor(random() * centres.length)] as number[];
    return normalise(centre.map((value) => value + spread * normal()));
  };
  return {
    rows: Array.from({ length: flags.rows }, draw),
    queries: Array.from({ length: flags.queries }, draw),
  };
}

async function loadVectors(
  client: pg.PoolClient,
  rows: readonly number[][],
  batch: number,
): Promise<{ ms: number; statements: number }> {
  const startMs = performance.now();
  let statements = 0;
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    const values: unknown[] = [];
    const tuples = slice.map((vector, i) => {
      values.push(start + i, toVectorParam(vector));
      return `($${values.length - 1}, $${values.length}::vector)`;
    });
    await client.query(`INSERT INTO bench_vectors (id, embedding) VALUES ${tuples.join(', ')}`, values);
    statements += 1;
  }
  return { ms: performance.now() - startMs, statements };
}

async function timeQueries(
  client: pg.PoolClient,
  queries: readonly number[][],
  k: number,
  warmup: number,
): Promise<{ latenciesMs: number[]; results: number[][] }> {
  const search = (query: number[]) =>
    client.query<{ id: number }>('SELECT id FROM bench_vectors ORDER BY embedding <=> $1::vector LIMIT $2', [
      toVectorParam(query),
      k,
    ]);
  for (const query of queries.slice(0, warmup)) await search(query);
  const latenciesMs: number[] = [];
  const results: number[][] = [];
  for (const query of queries) {
    const startMs = performance.now();
    const { rows } = await search(query);
    latenciesMs.push(performance.now() - startMs);
    results.push(rows.map((row) => row.id));
  }
  return { latenciesMs, results };
}

// Long phases say what they are doing, on stderr so the figures on stdout stay clean.
function progress(step: string): void {
  process.stderr.write(`[vector] ${new Date().toISOString().slice(11, 19)} ${step}\n`);
}

async function plan(client: pg.PoolClient, query: number[], k: number): Promise<string> {
  const { rows } = await client.query(
    'EXPLAIN SELECT id FROM bench_vectors ORDER BY embedding <=> $1::vector LIMIT $2',
    [toVectorParam(query), k],
  );
  // Plan nodes only (the first line and each "->" line), without costs or the vector literal.
  const nodes = rows
    .map((row) => String(row['QUERY PLAN']))
    .filter((line, i) => i === 0 || line.includes('->'))
    .map((line) => line.replace(/^\s*->\s*/, '').split('  (')[0] ?? '');
  return nodes.join(' → ');
}

function recallAtK(exact: readonly number[][], approximate: readonly number[][], k: number): number {
  let found = 0;
  exact.forEach((truth, i) => {
    const got = new Set(approximate[i]);
    found += truth.filter((id) => got.has(id)).length;
  });
  return found / (exact.length * k);
}

function currentRssMiB(): number {
  return process.memoryUsage().rss / 1_048_576;
}

function normalise(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

function mean(sample: readonly number[]): number {
  return sample.reduce((sum, value) => sum + value, 0) / sample.length;
}
