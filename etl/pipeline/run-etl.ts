import type { Queryable } from '../../lambdas/shared/db/pool';
import type { Embedder } from '../../lambdas/shared/embeddings/embedder';
import type { ServiceNowClient } from '../../lambdas/shared/servicenow';
import type { ExtractToRawInput } from '../extract/extract-to-raw';
import { partitionListKey } from '../extract/raw-layout';
import type { SourceTable } from '../source-tables';
import type { ObjectStore } from '../store/object-store';
import { listPendingPartitions } from '../store/run-log';
import { closeRun, extractTables, loadPartitions, openRun } from './run-steps';

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
  const run = await openRun(deps, options, options.mode ?? 'incremental');
  const stored = await extractTables(deps, options, run);
  await deps.raw.put(partitionListKey(run.runId), JSON.stringify(stored));
  const pending = (await listPendingPartitions(deps.db, run.tables)).sort(
    (a, b) => run.tables.indexOf(a.table as SourceTable) - run.tables.indexOf(b.table as SourceTable),
  );
  await loadPartitions(
    deps,
    options,
    run,
    pending.map((partition) => ({ key: partition.rawKey, table: partition.table })),
  );
  return closeRun(deps, run, stored.length);
}
