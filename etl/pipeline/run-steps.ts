import { getWatermark } from '../../lambdas/shared/db/watermarks';
import { extractToRaw } from '../extract/extract-to-raw';
import { isoToServiceNow, newRunId, type PartitionRef } from '../extract/raw-layout';
import { SOURCE_TABLES, type SourceTable } from '../source-tables';
import { type EtlMode, finishRun, startRun } from '../store/run-log';
import { processPartition } from './process-partition';
import type { EtlCounts, EtlDependencies, EtlRunSummary, RunEtlOptions } from './run-etl';

/**
 * The steps an incremental run and a backfill share: open the run, extract tables to raw
 * partitions, load partitions, close the run with its summary. Each step counts what it
 * did per table and records failures without stopping the others.
 */

/** One run in progress: its id, what it covers, and what it has counted so far. */
export interface OpenRun {
  readonly runId: string;
  readonly mode: 'incremental' | 'full';
  readonly tables: readonly SourceTable[];
  readonly now: Date;
  readonly counts: Record<string, EtlCounts>;
  readonly errors: string[];
  readonly statsBefore: { readonly throttled: number; readonly retries: number };
}

/**
 * Records the run's start in etl_runs. `mode` is how tables are read; a backfill reads
 * them in full and is logged as `backfill`.
 */
export async function openRun(
  deps: EtlDependencies,
  options: RunEtlOptions,
  mode: 'incremental' | 'full',
  loggedAs: EtlMode = mode,
): Promise<OpenRun> {
  const tables = options.tables ?? SOURCE_TABLES;
  const now = options.now ?? new Date();
  const runId = options.runId ?? newRunId(now);
  await startRun(deps.db, { runId, mode: loggedAs, tables });
  return {
    runId,
    mode,
    tables,
    now,
    counts: Object.fromEntries(tables.map((table) => [table, zeroCounts()])),
    errors: [],
    statsBefore: { ...deps.client.stats },
  };
}

/**
 * Extracts each table of the run into raw partitions (the watermark moves after each
 * stored partition). A table that fails is counted and the next one goes on.
 */
export async function extractTables(
  deps: EtlDependencies,
  options: RunEtlOptions,
  run: OpenRun,
): Promise<PartitionRef[]> {
  const stored: PartitionRef[] = [];
  for (const table of run.tables) {
    const c = countsOf(run, table);
    try {
      const total = await estimateRows(deps, table, run.mode);
      let done = 0;
      const result = await extractToRaw({
        client: deps.client,
        raw: deps.raw,
        db: deps.db,
        table,
        runId: run.runId,
        mode: run.mode,
        now: run.now,
        ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
        ...(options.afterPartitionStored === undefined ? {} : { afterPartitionStored: options.afterPartitionStored }),
        onRows: (rows) => {
          // Counted as stored, so a table that fails half-way still reports what it read.
          c.read += rows;
          done += rows;
          options.onProgress?.({ phase: 'extract', table, done, total: Math.max(total, done) });
        },
      });
      stored.push(...result.partitions);
    } catch (error) {
      c.failed += 1;
      run.errors.push(`extract ${table}: ${message(error)}`);
    }
  }
  return stored;
}

/**
 * Transforms, redacts and loads each partition, in the order given. A partition that
 * fails is counted and stays pending for the next run; the others go on.
 */
export async function loadPartitions(
  deps: EtlDependencies,
  options: RunEtlOptions,
  run: OpenRun,
  partitions: readonly { readonly key: string; readonly table: string }[],
): Promise<void> {
  const perTable = new Map<string, { done: number; total: number }>();
  for (const { table } of partitions) {
    const progress = perTable.get(table) ?? { done: 0, total: 0 };
    progress.total += 1;
    perTable.set(table, progress);
  }
  for (const partition of partitions) {
    const c = countsOf(run, partition.table);
    try {
      const summary = await processPartition({
        raw: deps.raw,
        curated: deps.curated,
        db: deps.db,
        embedder: deps.embedder,
        key: partition.key,
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      });
      c.changed += summary.changed;
      c.embedded += summary.embedded;
      c.loaded += summary.loaded;
      c.skipped += summary.skipped;
    } catch (error) {
      c.failed += 1;
      run.errors.push(`load ${partition.key}: ${message(error)}`);
    }
    const progress = perTable.get(partition.table) as { done: number; total: number };
    progress.done += 1;
    options.onProgress?.({ phase: 'load', table: partition.table, done: progress.done, total: progress.total });
  }
}

/** Records the run's end in etl_runs with its summary, and returns the summary. */
export async function closeRun(deps: EtlDependencies, run: OpenRun, partitions: number): Promise<EtlRunSummary> {
  const totals = zeroCounts();
  for (const c of Object.values(run.counts)) {
    for (const key of Object.keys(totals) as (keyof EtlCounts)[]) totals[key] += c[key];
  }
  const summary: EtlRunSummary = {
    runId: run.runId,
    mode: run.mode,
    status: run.errors.length === 0 ? 'succeeded' : 'failed',
    tables: run.counts,
    totals,
    partitions,
    throttled: deps.client.stats.throttled - run.statsBefore.throttled,
    retries: deps.client.stats.retries - run.statsBefore.retries,
    errors: run.errors,
  };
  await finishRun(deps.db, run.runId, {
    status: summary.status,
    summary,
    ...(run.errors.length === 0 ? {} : { error: run.errors.join('\n').slice(0, 4000) }),
  });
  return summary;
}

/** Counts of nothing. */
export function zeroCounts(): EtlCounts {
  return { read: 0, changed: 0, embedded: 0, loaded: 0, skipped: 0, failed: 0 };
}

function countsOf(run: OpenRun, table: string): EtlCounts {
  const counts = run.counts[table];
  if (counts === undefined) throw new Error(`Table ${table} is not part of ETL run ${run.runId}.`);
  return counts;
}

/** How many rows an extract will read, from X-Total-Count of a one-row query (for progress only). */
async function estimateRows(deps: EtlDependencies, table: string, mode: 'incremental' | 'full'): Promise<number> {
  const watermark = mode === 'incremental' ? await getWatermark(deps.db, table) : null;
  const query = watermark === null ? '' : `sys_updated_on>=${isoToServiceNow(watermark.watermark)}`;
  const page = await deps.client.queryTable(table, { query, limit: 1, fields: ['sys_id'] });
  return page.totalCount ?? 0;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
