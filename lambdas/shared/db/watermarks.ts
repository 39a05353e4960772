import type { Queryable } from './pool';

/**
 * Where incremental extraction of each ServiceNow table stands: the newest
 * `sys_updated_on` loaded, and the sys_id that breaks ties at that instant.
 */

export interface EtlWatermark {
  /** The ServiceNow table, e.g. `incident`, `change_request`, `cmdb_ci`. */
  readonly sourceTable: string;
  /** ISO-8601: everything updated up to here has been loaded. */
  readonly watermark: string;
  /** The last sys_id loaded at `watermark`, when the extract pages by (sys_updated_on, sys_id). */
  readonly lastSysId: string | null;
  readonly updatedAt: string;
}

interface WatermarkRow {
  source_table: string;
  watermark: Date;
  last_sys_id: string | null;
  updated_at: Date;
}

/** The watermark of a source table, or null before its first load. */
export async function getWatermark(db: Queryable, sourceTable: string): Promise<EtlWatermark | null> {
  const { rows } = await db.query<WatermarkRow>(
    'SELECT source_table, watermark, last_sys_id, updated_at FROM etl_watermarks WHERE source_table = $1',
    [sourceTable],
  );
  const row = rows[0];
  return row === undefined ? null : fromRow(row);
}

/**
 * Advances a source table's watermark. It only moves forward, so partitions of a
 * backfill finishing out of order cannot move it back; returns false when the stored
 * watermark is already at or past the given one. Use {@link resetWatermark} to reload.
 */
export async function advanceWatermark(
  db: Queryable,
  next: { readonly sourceTable: string; readonly watermark: string; readonly lastSysId?: string | null },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO etl_watermarks AS w (source_table, watermark, last_sys_id) VALUES ($1, $2, $3)
     ON CONFLICT (source_table) DO UPDATE
        SET watermark = EXCLUDED.watermark, last_sys_id = EXCLUDED.last_sys_id, updated_at = now()
      WHERE (w.watermark, COALESCE(w.last_sys_id, '')) < (EXCLUDED.watermark, COALESCE(EXCLUDED.last_sys_id, ''))`,
    [next.sourceTable, next.watermark, next.lastSysId ?? null],
  );
  return (rowCount ?? 0) > 0;
}

/** Forgets a source table's watermark, so the next extract starts from the beginning. */
export async function resetWatermark(db: Queryable, sourceTable: string): Promise<void> {
  await db.query('DELETE FROM etl_watermarks WHERE source_table = $1', [sourceTable]);
}

function fromRow(row: WatermarkRow): EtlWatermark {
  return {
    sourceTable: row.source_table,
    watermark: row.watermark.toISOString(),
    lastSysId: row.last_sys_id,
    updatedAt: row.updated_at.toISOString(),
  };
}
