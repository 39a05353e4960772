import type { Queryable } from '../../lambdas/shared/db/pool';
import type { Embedder } from '../../lambdas/shared/embeddings/embedder';
import { parsePartitionKey, toJsonLines } from '../extract/raw-layout';
import { isSourceTable, SOURCE_TABLE_SPECS } from '../source-tables';
import type { ObjectStore } from '../store/object-store';
import { type FailedItem, markPartitionLoaded, recordFailedItems } from '../store/run-log';
import { transformRow } from '../transform/transform-row';

/** What transforming and loading one raw partition did. */
export interface PartitionSummary {
  readonly key: string;
  readonly table: string;
  /** Lines in the raw partition. */
  readonly read: number;
  /** Valid records handed to the load (after de-duplication by key). */
  readonly loaded: number;
  /** Records new, or newer than the stored version (rules, unversioned: every record written). */
  readonly changed: number;
  /** Records whose embedding text changed, so they were embedded. */
  readonly embedded: number;
  /** Malformed records, reported in etl_failed_items and skipped. */
  readonly skipped: number;
}

export interface ProcessPartitionInput {
  readonly raw: ObjectStore;
  readonly curated: ObjectStore;
  readonly db: Queryable;
  readonly embedder: Embedder;
  /** The raw partition's key (`<table>/dt=…/run=…/part-NNNN.jsonl`). */
  readonly key: string;
  /** Records per embedding call and upsert. @default 128 */
  readonly batchSize?: number;
}

/**
 * Transforms and loads one raw partition: each line is normalised, redacted and
 * validated (a malformed one is recorded with its reason and skipped, never fatal),
 * the curated records are written to the curated bucket under the same key, then
 * embedded where their text changed and upserted (newest sys_updated_on wins), and the
 * partition is marked loaded. Processing a partition twice changes nothing.
 */
export async function processPartition(input: ProcessPartitionInput): Promise<PartitionSummary> {
  const parsedKey = parsePartitionKey(input.key);
  if (parsedKey === undefined || !isSourceTable(parsedKey.table)) {
    throw new Error(`Not a raw partition of a source table: ${input.key}`);
  }
  const table = parsedKey.table;
  const body = await input.raw.get(input.key);
  if (body === undefined) throw new Error(`Raw partition ${input.key} does not exist`);

  const lines = body.split('\n').filter((line) => line.trim() !== '');
  const failed: FailedItem[] = [];
  const byKey = new Map<string, { record: unknown; version: string }>();
  lines.forEach((line, index) => {
    const fail = (sysId: string | null, reason: string) =>
      failed.push({ rawKey: input.key, line: index + 1, runId: parsedKey.runId, table, sysId, reason });
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      fail(null, 'line is not valid JSON');
      return;
    }
    const outcome = transformRow(table, row);
    if (!outcome.ok) {
      fail(outcome.sysId, outcome.reason);
      return;
    }
    // A row changed during the extract can appear twice: keep its newest version.
    const record = outcome.record as { sysId?: string; id?: string; sysUpdatedOn?: string };
    const key = record.sysId ?? record.id ?? String(index);
    const version = record.sysUpdatedOn ?? '';
    const previous = byKey.get(key);
    if (previous === undefined || previous.version <= version) byKey.set(key, { record: outcome.record, version });
  });
  const records = [...byKey.values()].map((entry) => entry.record);

  await input.curated.put(input.key, toJsonLines(records));
  const spec = SOURCE_TABLE_SPECS[table];
  const newer = spec.target.versioned ? await countNewer(input.db, spec.target.table, [...byKey.entries()]) : undefined;
  const load = await spec.load(input.db, input.embedder, records, {
    ...(input.batchSize === undefined ? {} : { batchSize: input.batchSize }),
  });
  if (failed.length > 0) await recordFailedItems(input.db, failed);
  const summary: PartitionSummary = {
    key: input.key,
    table,
    read: lines.length,
    loaded: records.length,
    changed: newer ?? load.written,
    embedded: load.embedded,
    skipped: failed.length,
  };
  await markPartitionLoaded(input.db, {
    rawKey: input.key,
    runId: parsedKey.runId,
    table,
    rows: lines.length,
    summary,
  });
  return summary;
}

// Records whose sys_id is not stored yet, or stored with an older sys_updated_on.
async function countNewer(
  db: Queryable,
  table: string,
  entries: readonly (readonly [string, { readonly version: string }])[],
): Promise<number> {
  if (entries.length === 0) return 0;
  const { rows } = await db.query<{ sys_id: string; sys_updated_on: Date }>(
    `SELECT sys_id, sys_updated_on FROM ${table} WHERE sys_id = ANY($1)`,
    [entries.map(([key]) => key)],
  );
  const stored = new Map(rows.map((row) => [row.sys_id, row.sys_updated_on.getTime()]));
  return entries.filter(([key, { version }]) => {
    const at = stored.get(key);
    return at === undefined || at < Date.parse(version);
  }).length;
}
