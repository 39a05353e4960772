import type { Queryable } from './pool';

/**
 * Read access to the stored embeddings: the vector of one record, and the text hashes
 * the ETL compares to decide which records need embedding again.
 */

/** The tables with an `embedding` column, and each one's key column. */
export const EMBEDDED_TABLES = {
  incidents: 'sys_id',
  change_requests: 'sys_id',
  change_models: 'sys_id',
  configuration_items: 'sys_id',
  validation_rules: 'id',
} as const;

export type EmbeddedTable = keyof typeof EMBEDDED_TABLES;

/** The stored embedding of one record; null when the record or its embedding is missing. */
export async function getEmbedding(db: Queryable, table: EmbeddedTable, id: string): Promise<number[] | null> {
  const key = embeddedTableKey(table);
  const { rows } = await db.query<{ embedding: number[] | null }>(`SELECT embedding FROM ${table} WHERE ${key} = $1`, [
    id,
  ]);
  return rows[0]?.embedding ?? null;
}

/**
 * The `embedded_text_hash` of each given record that has an embedding. A record
 * absent from the map has none (or does not exist) and needs embedding.
 */
export async function findEmbeddedTextHashes(
  db: Queryable,
  table: EmbeddedTable,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const key = embeddedTableKey(table);
  const { rows } = await db.query<{ id: string; hash: string }>(
    `SELECT ${key} AS id, embedded_text_hash AS hash FROM ${table}
      WHERE ${key} = ANY($1::text[]) AND embedding IS NOT NULL AND embedded_text_hash IS NOT NULL`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.hash]));
}

/** The key column of an embedded table; throws for a name outside the whitelist. */
export function embeddedTableKey(table: string): 'sys_id' | 'id' {
  if (!Object.hasOwn(EMBEDDED_TABLES, table)) {
    throw new Error(`No embeddings in table "${table}"; expected one of ${Object.keys(EMBEDDED_TABLES).join(', ')}.`);
  }
  return EMBEDDED_TABLES[table as EmbeddedTable];
}
