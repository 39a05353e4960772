import type { Queryable } from '../../lambdas/shared/db/pool';
import { advanceWatermark, getWatermark } from '../../lambdas/shared/db/watermarks';
import type { ServiceNowClient } from '../../lambdas/shared/servicenow';
import type { ObjectStore } from '../store/object-store';
import { registerPartition } from '../store/run-log';
import { type ExtractCursor, extractTable, rawValue } from './extract-table';
import {
  isoToServiceNow,
  type PartitionRef,
  partitionKey,
  serviceNowToIso,
  type TableManifest,
  TableManifestSchema,
  tableManifestKey,
  toJsonLines,
} from './raw-layout';

/** One table's extract into the raw bucket. */
export interface ExtractToRawInput {
  readonly client: ServiceNowClient;
  readonly raw: ObjectStore;
  readonly db: Queryable;
  readonly table: string;
  readonly runId: string;
  /** `incremental` starts at the table's watermark; `full` reads the whole table. */
  readonly mode: 'incremental' | 'full';
  /** The run's start; names the `dt=` partition. @default new Date() */
  readonly now?: Date;
  /** Rows per Table API page, and so per partition. @default 1000 */
  readonly pageSize?: number;
  /**
   * Stop after this many pages and return `complete: false` with a cursor to resume
   * from (the backfill loops a Lambda this way). @default unlimited
   */
  readonly maxPages?: number;
  /** Continue an incomplete extract of the same run from here. */
  readonly resumeFrom?: ExtractCursor;
  /** Called with each page's row count as it is stored, for progress. */
  readonly onRows?: (rows: number) => void;
  /** Test hook: runs after a partition and the manifest are stored, before the watermark moves. */
  readonly afterPartitionStored?: (partition: PartitionRef) => Promise<void>;
}

/** What the extract stored. */
export interface ExtractToRawResult {
  readonly table: string;
  readonly read: number;
  readonly partitions: readonly PartitionRef[];
  /** The last row stored (where the watermark now is, for an incremental run). */
  readonly cursor: ExtractCursor | undefined;
  /** False when `maxPages` stopped the extract before the table was exhausted. */
  readonly complete: boolean;
  readonly manifestKey: string;
}

/**
 * Extracts a table's changed rows (keyset order by sys_updated_on then sys_id) into
 * the raw bucket, one JSON-lines partition per page, keeping the run's manifest for
 * the table current. For every page, in this order: the partition is stored, the
 * manifest is stored, the partition is registered as pending load, and only then does
 * the watermark move to the page's last row. A crash anywhere re-reads from the last
 * stored page on the next run: never a skipped row, and re-loading is idempotent.
 */
export async function extractToRaw(input: ExtractToRawInput): Promise<ExtractToRawResult> {
  const now = input.now ?? new Date();
  const dt = now.toISOString().slice(0, 10);
  const manifestKey = tableManifestKey(input.runId, input.table);
  const existing = await input.raw.get(manifestKey);
  const manifest: TableManifest =
    input.resumeFrom !== undefined && existing !== undefined
      ? TableManifestSchema.parse(JSON.parse(existing))
      : {
          runId: input.runId,
          table: input.table,
          mode: input.mode,
          dt,
          startedAt: now.toISOString(),
          completedAt: null,
          from: null,
          to: null,
          rows: 0,
          partitions: [],
        };
  let from = input.resumeFrom;
  if (from === undefined && input.mode === 'incremental') {
    const watermark = await getWatermark(input.db, input.table);
    if (watermark !== null) {
      from = { updatedOn: isoToServiceNow(watermark.watermark), sysId: watermark.lastSysId };
    }
  }
  if (manifest.partitions.length === 0) manifest.from = from ?? null;

  const stored: PartitionRef[] = [];
  let pagesLeft = input.maxPages ?? Number.POSITIVE_INFINITY;
  let stoppedEarly = false;
  const result = await extractTable({
    client: input.client,
    table: input.table,
    ...(from === undefined ? {} : { from }),
    ...(input.pageSize === undefined ? {} : { pageSize: input.pageSize }),
    displayValue: 'all',
    shouldContinue: () => {
      if (pagesLeft > 0) return true;
      stoppedEarly = true;
      return false;
    },
    onPage: async (rows, cursor) => {
      pagesLeft -= 1;
      const first = rows[0] as Record<string, unknown>;
      const partition: PartitionRef = {
        key: partitionKey(input.table, manifest.dt, input.runId, manifest.partitions.length + 1),
        table: input.table,
        rows: rows.length,
        first: { updatedOn: rawValue(first.sys_updated_on), sysId: rawValue(first.sys_id) },
        last: cursor,
      };
      await input.raw.put(partition.key, toJsonLines(rows));
      manifest.partitions.push(partition);
      manifest.rows += rows.length;
      manifest.to = cursor;
      await input.raw.put(manifestKey, JSON.stringify(manifest, null, 2));
      await registerPartition(input.db, {
        rawKey: partition.key,
        runId: input.runId,
        table: input.table,
        rows: rows.length,
      });
      await input.afterPartitionStored?.(partition);
      await advanceWatermark(input.db, {
        sourceTable: input.table,
        watermark: serviceNowToIso(cursor.updatedOn),
        lastSysId: cursor.sysId,
      });
      stored.push(partition);
      input.onRows?.(rows.length);
    },
  });
  if (!stoppedEarly) {
    manifest.completedAt = new Date().toISOString();
    await input.raw.put(manifestKey, JSON.stringify(manifest, null, 2));
  }
  return {
    table: input.table,
    read: result.read,
    partitions: stored,
    cursor: result.cursor,
    complete: !stoppedEarly,
    manifestKey,
  };
}
