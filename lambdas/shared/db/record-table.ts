import type { Queryable } from './pool';
import { toVectorParam } from './pool';

/**
 * The machinery behind every record repository: one mapping per table (record field
 * ↔ snake_case column), a batched multi-row upsert that never lets an older version
 * replace a newer one, and a get by key.
 */

/** A computed embedding and the hash of the text it was computed from. */
export interface Embedding {
  readonly vector: readonly number[];
  /** Hash of the embedded text, so the ETL can tell when a record needs re-embedding. */
  readonly textHash: string;
}

/**
 * A record to store, with its embedding when one was computed for this version.
 * Without one, the row keeps the embedding (and text hash) it already has.
 */
export interface UpsertItem<T> {
  readonly record: T;
  readonly embedding?: Embedding;
}

export interface UpsertOptions {
  /**
   * Rows per INSERT statement (lowered automatically to stay under PostgreSQL's
   * 65535 bind parameters).
   * @default 500
   */
  readonly batchSize?: number;
}

export interface UpsertResult {
  /** Rows inserted or replaced. */
  readonly written: number;
  /** Rows left alone because the stored version is newer (or listed twice in the input). */
  readonly skipped: number;
}

/** How one record field is stored. */
export interface ColumnMapping<T> {
  readonly column: string;
  readonly value: (record: T) => unknown;
  /** An explicit cast for values pg would otherwise send ambiguously. */
  readonly cast?: 'jsonb' | 'text[]';
}

/** One table's mapping; defined once per table, next to its repository functions. */
export interface RecordTable<T, R> {
  readonly table: string;
  readonly key: string;
  readonly keyOf: (record: T) => string;
  /** Every stored field, the key included. */
  readonly columns: readonly ColumnMapping<T>[];
  /** The version column (`sys_updated_on`); absent means the last write wins. */
  readonly version?: { readonly column: string; readonly of: (record: T) => string };
  /** Whether the table has `embedding` and `embedded_text_hash`. */
  readonly embedded: boolean;
  /** The column stamped with now() on every write. */
  readonly touchedColumn: string;
  readonly fromRow: (row: R) => T;
}

const MAX_BIND_PARAMETERS = 65_535;
const DEFAULT_BATCH_SIZE = 500;

/** Inserts or replaces records by key in batches of multi-row INSERT … ON CONFLICT statements. */
export async function upsertRecords<T, R>(
  db: Queryable,
  table: RecordTable<T, R>,
  items: readonly UpsertItem<T>[],
  options: UpsertOptions = {},
): Promise<UpsertResult> {
  const unique = newestPerKey(table, items);
  const parametersPerRow = table.columns.length + (table.embedded ? 2 : 0);
  const batchSize = Math.max(
    1,
    Math.min(options.batchSize ?? DEFAULT_BATCH_SIZE, Math.floor(MAX_BIND_PARAMETERS / parametersPerRow)),
  );
  let written = 0;
  for (let start = 0; start < unique.length; start += batchSize) {
    const batch = unique.slice(start, start + batchSize);
    const { text, values } = buildUpsert(table, batch);
    const result = await db.query(text, values);
    written += result.rowCount ?? 0;
  }
  return { written, skipped: items.length - written };
}

/** The record stored under `key`, or null. */
export async function getRecord<T, R>(db: Queryable, table: RecordTable<T, R>, key: string): Promise<T | null> {
  const columns = table.columns.map((column) => column.column).join(', ');
  const { rows } = await db.query(`SELECT ${columns} FROM ${table.table} WHERE ${table.key} = $1`, [key]);
  const row = rows[0] as R | undefined;
  return row === undefined ? null : table.fromRow(row);
}

/** The statement and parameters that upsert one batch; exported for unit tests. */
export function buildUpsert<T, R>(
  table: RecordTable<T, R>,
  batch: readonly UpsertItem<T>[],
): { text: string; values: unknown[] } {
  const columns = table.columns.map((column) => column.column);
  if (table.embedded) columns.push('embedding', 'embedded_text_hash');
  const values: unknown[] = [];
  const tuples = batch.map((item) => {
    const placeholders = table.columns.map((column) => {
      values.push(column.value(item.record));
      return column.cast === undefined ? `$${values.length}` : `$${values.length}::${column.cast}`;
    });
    if (table.embedded) {
      values.push(item.embedding === undefined ? null : toVectorParam(item.embedding.vector));
      placeholders.push(`$${values.length}::vector`);
      values.push(item.embedding?.textHash ?? null);
      placeholders.push(`$${values.length}`);
    }
    return `(${placeholders.join(', ')})`;
  });

  const updates = table.columns
    .filter((column) => column.column !== table.key)
    .map((column) => `${column.column} = EXCLUDED.${column.column}`);
  if (table.embedded) {
    // An item without an embedding keeps the stored one; its text hash says which text it is of.
    updates.push(
      'embedding = COALESCE(EXCLUDED.embedding, t.embedding)',
      'embedded_text_hash = CASE WHEN EXCLUDED.embedding IS NULL THEN t.embedded_text_hash ELSE EXCLUDED.embedded_text_hash END',
    );
  }
  updates.push(`${table.touchedColumn} = now()`);
  const newerOnly =
    table.version === undefined ? '' : ` WHERE t.${table.version.column} <= EXCLUDED.${table.version.column}`;

  const text =
    `INSERT INTO ${table.table} AS t (${columns.join(', ')}) VALUES ${tuples.join(', ')} ` +
    `ON CONFLICT (${table.key}) DO UPDATE SET ${updates.join(', ')}${newerOnly} RETURNING ${table.key}`;
  return { text, values };
}

// One statement cannot touch a row twice, so keep one item per key: the newest version
// (on a tie, the later item).
function newestPerKey<T, R>(table: RecordTable<T, R>, items: readonly UpsertItem<T>[]): UpsertItem<T>[] {
  const byKey = new Map<string, UpsertItem<T>>();
  for (const item of items) {
    const key = table.keyOf(item.record);
    const current = byKey.get(key);
    if (current === undefined || table.version === undefined) {
      byKey.set(key, item);
      continue;
    }
    if (Date.parse(table.version.of(item.record)) >= Date.parse(table.version.of(current.record))) {
      byKey.set(key, item);
    }
  }
  return [...byKey.values()];
}

/** A timestamptz column as the ISO-8601 text the record types use. */
export function isoString(value: Date): string {
  return value.toISOString();
}

/** A nullable timestamptz column as ISO-8601 text or null. */
export function isoStringOrNull(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}
