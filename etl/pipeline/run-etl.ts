import type { Queryable } from '../../lambdas/shared/db/pool';
import { getWatermark } from '../../lambdas/shared/db/watermarks';
import type { Embedder } from '../../lambdas/shared/embeddings/embedder';
import type { ServiceNowClient } from '../../lambdas/shared/servicenow';
import { type ExtractToRawInput, extractToRaw } from '../extract/extract-to-raw';
import { isoToServiceNow, newRunId, type PartitionRef, partitionListKey } from '../extract/raw-layout';
import { SOURCE_TABLES, type SourceTable } from '../source-tables';
import type { ObjectStore } from '../store/object-store';
import { finishRun, listPendingPartitions, startRun } from '../store/run-log';
import { type PartitionSummary, processPartition } from './process-partition';

/** The parts an ETL run works with; the same in Lambda, the CLI and the local runtime. */
export interface EtlDependencies {
  readonly client: ServiceNowClient;
  readonly raw: ObjectStore;
  readonly curated: ObjectStore;
  readonly db: Queryable;
  readonly embedder: Embedder;
}

/** Where a run stands, for a progress bar. */
export interface EtlProgress {
  readonly phase: 'extract' | 'load';
  readonly table: string;
  /** Rows done in this phase for this table. */
  readonly done: number;
  /** Rows expected (X-Total-Count before the extract; partition rows for the load). */
  readonly total: number;
}

export interface RunEtlOptions {
  /** `incremental` from each table's watermark; `full` re-reads every table. @default 'incremental' */
  readonly mode?: 'incremental' | 'full';
  /** @default every source table */
  readonly tables?: readonly SourceTable[];
  /** @default a new time-ordered id */
  readonly runId?: string;
  /** Rows per Table API page and raw partition. @default 1000 */
  readonly pageSize?: number;
  /** Records per embedding call and upsert. @default 128 */
  readonly batchSize?: number;
  readonly now?: Date;
  readonly onProgress?: (progress: EtlProgress) => void;
  /** Test hook passed to the extract (see extractToRaw). */
  readonly afterPartitionStored?: ExtractToRawInput['afterPartitionStored'];
}

/** The counts of one table, or of the whole run. */
export interface EtlCounts {
  /** Rows read from ServiceNow. */
  read: number;
  /** Records new, or newer than the stored version (validation rules, unversioned: every record written). */
  changed: number;
  /** Records embedded because their text was new or changed. */
  embedded: number;
  /** Valid records handed to the load (changed + unchanged). */
  loaded: number;
  /** Malformed records reported in etl_failed_items and skipped. */
  skipped: number;
  /** Extracts or partitions that failed; their partitions stay pending for the next run. */
  failed: number;
}

/** What a run did. */
export interface EtlRunSummary {
  readonly runId: string;
  readonly mode: 'incremental' | 'full';
  readonly status: 'succeeded' | 'failed';
  readonly tables: Readonly<Record<string, EtlCounts>>;
  readonly totals: EtlCounts;
  /** Raw partitions written by this run. */
  readonly partitions: number;
  /** 429 answers from ServiceNow, each retried after its Retry-After. */
  readonly throttled: number;
  readonly retries: number;
  readonly errors: readonly string[];
}

/**
 * One ETL run: each table is extracted from its watermark into raw partitions
 * (watermark moving only after each partition is stored), then every pending
 * partition of those tables — this run's, and any a crash left unloaded — is
 * transformed, redacted and loaded, in load order. A failing table or partition is
 * counted and left pending; the others go on.
 */
export async function runEtl(deps: EtlDependencies, options: RunEtlOptions = {}): Promise<EtlRunSummary> {
  const mode = options.mode ?? 'incremental';
  const tables = options.tables ?? SOURCE_TABLES;
  const now = options.now ?? new Date();
  const runId = options.runId ?? newRunId(now);
  const counts = Object.fromEntries(tables.map((table) => [table, zeroCounts()])) as Record<string, EtlCounts>;
  const errors: string[] = [];
  const statsBefore = { ...deps.client.stats };
  await startRun(deps.db, { runId, mode, tables });

  const stored: PartitionRef[] = [];
  for (const table of tables) {
    const c = counts[table] as EtlCounts;
    try {
      const total = await estimateRows(deps, table, mode);
      let done = 0;
      const result = await extractToRaw({
        client: deps.client,
        raw: deps.raw,
        db: deps.db,
        table,
        runId,
        mode,
        now,
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
      errors.push(`extract ${table}: ${message(error)}`);
    }
  }
  await deps.raw.put(partitionListKey(runId), JSON.stringify(stored));

  const pending = (await listPendingPartitions(deps.db, tables)).sort(
    (a, b) => tables.indexOf(a.table as SourceTable) - tables.indexOf(b.table as SourceTable),
  );
  for (const table of tables) {
    const mine = pending.filter((p) => p.table === table);
    let done = 0;
    for (const partition of mine) {
      const c = counts[table] as EtlCounts;
      try {
        const summary = await processPartition({
          raw: deps.raw,
          curated: deps.curated,
          db: deps.db,
          embedder: deps.embedder,
          key: partition.rawKey,
          ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        });
        addPartition(c, summary);
        done += 1;
        options.onProgress?.({ phase: 'load', table, done, total: mine.length });
      } catch (error) {
        c.failed += 1;
        errors.push(`load ${partition.rawKey}: ${message(error)}`);
      }
    }
  }

  const totals = zeroCounts();
  for (const c of Object.values(counts)) {
    for (const key of Object.keys(totals) as (keyof EtlCounts)[]) totals[key] += c[key];
  }
  const summary: EtlRunSummary = {
    runId,
    mode,
    status: errors.length === 0 ? 'succeeded' : 'failed',
    tables: counts,
    totals,
    partitions: stored.length,
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

/** Counts of nothing. */
export function zeroCounts(): EtlCounts {
  return { read: 0, changed: 0, embedded: 0, loaded: 0, skipped: 0, failed: 0 };
}

function addPartition(c: EtlCounts, summary: PartitionSummary): void {
  c.changed += summary.changed;
  c.embedded += summary.embedded;
  c.loaded += summary.loaded;
  c.skipped += summary.skipped;
}

/** How many rows an extract will read, from X-Total-Count of a one-row query (for progress only). */
export async function estimateRows(
  deps: EtlDependencies,
  table: string,
  mode: 'incremental' | 'full',
): Promise<number> {
  const watermark = mode === 'incremental' ? await getWatermark(deps.db, table) : null;
  const query = watermark === null ? '' : `sys_updated_on>=${isoToServiceNow(watermark.watermark)}`;
  const page = await deps.client.queryTable(table, { query, limit: 1, fields: ['sys_id'] });
  return page.totalCount ?? 0;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
