import { extractToRaw } from '../extract/extract-to-raw';
import {
  newRunId,
  type PartitionRef,
  partitionListKey,
  TableManifestSchema,
  tableManifestKey,
} from '../extract/raw-layout';
import { SOURCE_TABLES } from '../source-tables';
import type { ObjectStore } from '../store/object-store';
import { finishRun, startRun } from '../store/run-log';
import { processPartition } from './process-partition';
import {
  type EtlCounts,
  type EtlDependencies,
  type EtlRunSummary,
  estimateRows,
  type RunEtlOptions,
  zeroCounts,
} from './run-etl';

/** What sealing a backfill run found. */
export interface SealedRun {
  readonly runId: string;
  /** Key of the JSON array of partitions the Distributed Map reads (ItemReader, s3:getObject). */
  readonly manifestKey: string;
  readonly partitions: number;
  readonly rows: number;
}

/**
 * Seals a backfill's extract: reads each table's manifest of the run and writes one
 * JSON array of every partition (`{key, table, rows}`) in load order, the item list
 * the backfill state machine fans out over (and the CLI walks locally).
 */
export async function sealRun(raw: ObjectStore, runId: string, tables: readonly string[]): Promise<SealedRun> {
  const items: Pick<PartitionRef, 'key' | 'table' | 'rows'>[] = [];
  for (const table of tables) {
    const text = await raw.get(tableManifestKey(runId, table));
    if (text === undefined) continue;
    const manifest = TableManifestSchema.parse(JSON.parse(text));
    if (manifest.completedAt === null) {
      throw new Error(`The extract of ${table} in run ${runId} has not completed; seal it after the extract finishes.`);
    }
    items.push(...manifest.partitions.map(({ key, rows }) => ({ key, table, rows })));
  }
  const manifestKey = partitionListKey(runId);
  await raw.put(manifestKey, JSON.stringify(items));
  return { runId, manifestKey, partitions: items.length, rows: items.reduce((sum, item) => sum + item.rows, 0) };
}

/**
 * The backfill as the state machine runs it, on one machine: a full extract of each
 * table, the partition list sealed, then the same per-partition step the Distributed
 * Map's items run, over the same partitions. A failing partition is counted and
 * reported (the Map's tolerated failures) and stays pending for the next run.
 */
export async function runBackfill(deps: EtlDependencies, options: RunEtlOptions = {}): Promise<EtlRunSummary> {
  const tables = options.tables ?? SOURCE_TABLES;
  const now = options.now ?? new Date();
  const runId = options.runId ?? newRunId(now);
  const counts = Object.fromEntries(tables.map((table) => [table, zeroCounts()])) as Record<string, EtlCounts>;
  const errors: string[] = [];
  const statsBefore = { ...deps.client.stats };
  await startRun(deps.db, { runId, mode: 'backfill', tables });

  for (const table of tables) {
    const c = counts[table] as EtlCounts;
    try {
      const total = await estimateRows(deps, table, 'full');
      await extractToRaw({
        client: deps.client,
        raw: deps.raw,
        db: deps.db,
        table,
        runId,
        mode: 'full',
        now,
        ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
        onRows: (rows) => {
          c.read += rows;
          options.onProgress?.({ phase: 'extract', table, done: c.read, total: Math.max(total, c.read) });
        },
      });
    } catch (error) {
      c.failed += 1;
      errors.push(`extract ${table}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const extracted = tables.filter((table) => (counts[table] as EtlCounts).failed === 0);
  const sealed = await sealRun(deps.raw, runId, extracted);
  const items = JSON.parse((await deps.raw.get(sealed.manifestKey)) ?? '[]') as { key: string; table: string }[];
  const done = new Map<string, number>();
  for (const item of items) {
    const c = counts[item.table] as EtlCounts;
    try {
      const summary = await processPartition({
        raw: deps.raw,
        curated: deps.curated,
        db: deps.db,
        embedder: deps.embedder,
        key: item.key,
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      });
      c.changed += summary.changed;
      c.embedded += summary.embedded;
      c.loaded += summary.loaded;
      c.skipped += summary.skipped;
    } catch (error) {
      c.failed += 1;
      errors.push(`load ${item.key}: ${error instanceof Error ? error.message : String(error)}`);
    }
    done.set(item.table, (done.get(item.table) ?? 0) + 1);
    const total = items.filter((i) => i.table === item.table).length;
    options.onProgress?.({ phase: 'load', table: item.table, done: done.get(item.table) ?? 0, total });
  }

  const totals = zeroCounts();
  for (const c of Object.values(counts)) {
    for (const key of Object.keys(totals) as (keyof EtlCounts)[]) totals[key] += c[key];
  }
  const summary: EtlRunSummary = {
    runId,
    mode: 'full',
    status: errors.length === 0 ? 'succeeded' : 'failed',
    tables: counts,
    totals,
    partitions: sealed.partitions,
    throttled: deps.client.stats.throttled - statsBefore.throttled,
    retries: deps.client.stats.retries - statsBefore.retries,
    errors,
  };
  await finishRun(deps.db, runId, {
    status: summary.status,
    summary,
    ...(errors.length === 0 ? {} : { error: errors.join('\n').slice(0, 4000) }),
  });
  return summary;
}
