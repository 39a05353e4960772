import { z } from 'zod';
import type { ExtractCursor } from './extract-table';

/**
 * Where extracts live in the raw bucket, and the manifests describing them:
 *
 *   <table>/dt=YYYY-MM-DD/run=<runId>/part-NNNN.jsonl   one page of rows, as ServiceNow sent them
 *   _manifests/run=<runId>/<table>.json                 what a run extracted from one table
 *   _manifests/run=<runId>/partitions.json              every partition of a run, a JSON array
 *                                                       (what the backfill's Distributed Map reads)
 *
 * The curated bucket mirrors the partition keys with normalised, redacted records.
 */

const CursorSchema = z.object({ updatedOn: z.string(), sysId: z.string().nullable() });

/** One raw partition: its key, table and row count. */
export const PartitionRefSchema = z.object({
  key: z.string().min(1),
  table: z.string().regex(/^[a-z][a-z0-9_]*$/),
  rows: z.number().int().min(0),
  first: CursorSchema.optional(),
  last: CursorSchema.optional(),
});
export type PartitionRef = z.infer<typeof PartitionRefSchema>;

/** What one run extracted from one table. */
export const TableManifestSchema = z.object({
  runId: z.string().min(1),
  table: z.string().min(1),
  mode: z.enum(['incremental', 'full']),
  dt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  startedAt: z.string(),
  /** Null while the extract is still running (or crashed). */
  completedAt: z.string().nullable(),
  from: CursorSchema.nullable(),
  to: CursorSchema.nullable(),
  rows: z.number().int().min(0),
  partitions: z.array(PartitionRefSchema),
});
export type TableManifest = z.infer<typeof TableManifestSchema>;

/** A run id: sortable by time, safe in a key and in a Step Functions execution name. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Key of the n-th (1-based) raw partition of a run's table. */
export function partitionKey(table: string, dt: string, runId: string, part: number): string {
  return `${table}/dt=${dt}/run=${runId}/part-${String(part).padStart(4, '0')}.jsonl`;
}

/** The table, date and run a partition key names; undefined when it is not a partition key. */
export function parsePartitionKey(key: string): { table: string; dt: string; runId: string; part: number } | undefined {
  const match = /^([a-z][a-z0-9_]*)\/dt=(\d{4}-\d{2}-\d{2})\/run=([^/]+)\/part-(\d{4,})\.jsonl$/.exec(key);
  if (match === null) return undefined;
  return { table: match[1] as string, dt: match[2] as string, runId: match[3] as string, part: Number(match[4]) };
}

/** Key of a run's manifest for one table. */
export function tableManifestKey(runId: string, table: string): string {
  return `_manifests/run=${runId}/${table}.json`;
}

/** Key of the JSON array of every partition of a run. */
export function partitionListKey(runId: string): string {
  return `_manifests/run=${runId}/partitions.json`;
}

/** ServiceNow date-time text → ISO-8601 UTC. */
export function serviceNowToIso(updatedOn: string): string {
  return `${updatedOn.trim().replace(' ', 'T').slice(0, 19)}Z`;
}

/** ISO-8601 → ServiceNow date-time text (UTC, to the second). */
export function isoToServiceNow(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** Rows as JSON lines. */
export function toJsonLines(rows: readonly unknown[]): string {
  return rows.length === 0 ? '' : `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
}

/** The cursor type re-exported for manifest readers. */
export type { ExtractCursor };
