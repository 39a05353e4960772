import type { Queryable } from '../../lambdas/shared/db/pool';

/** The ETL's bookkeeping in PostgreSQL (migration 010): runs, raw partitions, failed items. */

export type EtlMode = 'incremental' | 'full' | 'backfill';

/** Records that a run started (again, for a retried backfill: the row is kept). */
export async function startRun(
  db: Queryable,
  run: { readonly runId: string; readonly mode: EtlMode; readonly tables: readonly string[] },
): Promise<void> {
  await db.query(
    `INSERT INTO etl_runs (run_id, mode, source_tables) VALUES ($1, $2, $3)
     ON CONFLICT (run_id) DO UPDATE SET status = 'running', finished_at = NULL, error = NULL`,
    [run.runId, run.mode, [...run.tables]],
  );
}

/** Records how a run ended, with its summary. */
export async function finishRun(
  db: Queryable,
  runId: string,
  outcome: { readonly status: 'succeeded' | 'failed'; readonly summary: unknown; readonly error?: string },
): Promise<void> {
  await db.query(
    `UPDATE etl_runs SET status = $2, summary = $3::jsonb, error = $4, finished_at = now() WHERE run_id = $1`,
    [runId, outcome.status, JSON.stringify(outcome.summary), outcome.error ?? null],
  );
}

/** Records a raw partition as safely stored (idempotent). */
export async function registerPartition(
  db: Queryable,
  partition: { readonly rawKey: string; readonly runId: string; readonly table: string; readonly rows: number },
): Promise<void> {
  await db.query(
    `INSERT INTO etl_partitions (raw_key, run_id, source_table, row_count) VALUES ($1, $2, $3, $4)
     ON CONFLICT (raw_key) DO NOTHING`,
    [partition.rawKey, partition.runId, partition.table, partition.rows],
  );
}

/** Records a partition as loaded, registering it first when a backfill found it in a manifest. */
export async function markPartitionLoaded(
  db: Queryable,
  partition: {
    readonly rawKey: string;
    readonly runId: string;
    readonly table: string;
    readonly rows: number;
    readonly summary: unknown;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO etl_partitions (raw_key, run_id, source_table, row_count, status, summary, loaded_at)
     VALUES ($1, $2, $3, $4, 'loaded', $5::jsonb, now())
     ON CONFLICT (raw_key) DO UPDATE SET status = 'loaded', summary = EXCLUDED.summary, loaded_at = now()`,
    [partition.rawKey, partition.runId, partition.table, partition.rows, JSON.stringify(partition.summary)],
  );
}

/** A stored partition not yet loaded. */
export interface PendingPartition {
  readonly rawKey: string;
  readonly runId: string;
  readonly table: string;
}

/** Stored partitions not yet loaded, oldest first (a crash between extract and load leaves some). */
export async function listPendingPartitions(db: Queryable, tables: readonly string[]): Promise<PendingPartition[]> {
  const { rows } = await db.query<{ raw_key: string; run_id: string; source_table: string }>(
    `SELECT raw_key, run_id, source_table FROM etl_partitions
      WHERE status = 'stored' AND source_table = ANY($1) ORDER BY stored_at, raw_key`,
    [[...tables]],
  );
  return rows.map((row) => ({ rawKey: row.raw_key, runId: row.run_id, table: row.source_table }));
}

/** A record that was skipped, and why. */
export interface FailedItem {
  readonly rawKey: string;
  /** 1-based line of the record in its raw partition. */
  readonly line: number;
  readonly runId: string;
  readonly table: string;
  readonly sysId: string | null;
  readonly reason: string;
}

/** Records skipped records, once per (partition, line). */
export async function recordFailedItems(db: Queryable, items: readonly FailedItem[]): Promise<void> {
  for (let start = 0; start < items.length; start += 500) {
    const batch = items.slice(start, start + 500);
    const params: unknown[] = [];
    const tuples = batch.map((item, i) => {
      params.push(item.rawKey, item.line, item.runId, item.table, item.sysId, item.reason.slice(0, 2000));
      const at = i * 6;
      return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6})`;
    });
    await db.query(
      `INSERT INTO etl_failed_items (raw_key, line, run_id, source_table, sys_id, reason) VALUES ${tuples.join(', ')}
       ON CONFLICT (raw_key, line) DO UPDATE SET run_id = EXCLUDED.run_id, reason = EXCLUDED.reason`,
      params,
    );
  }
}

/** Skipped records of a run. */
export async function listFailedItems(db: Queryable, runId: string): Promise<FailedItem[]> {
  const { rows } = await db.query<{
    raw_key: string;
    line: number;
    run_id: string;
    source_table: string;
    sys_id: string | null;
    reason: string;
  }>(
    'SELECT raw_key, line, run_id, source_table, sys_id, reason FROM etl_failed_items WHERE run_id = $1 ORDER BY raw_key, line',
    [runId],
  );
  return rows.map((row) => ({
    rawKey: row.raw_key,
    line: row.line,
    runId: row.run_id,
    table: row.source_table,
    sysId: row.sys_id,
    reason: row.reason,
  }));
}
