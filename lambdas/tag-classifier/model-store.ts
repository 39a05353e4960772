import type { Queryable } from '../shared/db/pool';
import { TAG_MODEL_FORMAT_VERSION } from './model-state';

/**
 * The stored Tag Classifier models (table tag_classifier_models, migration 020): the one
 * place that reads and writes them.
 */

/**
 * Where the labelled history stands: how many resolved/closed incidents with a group there
 * are and the newest opened_at and sys_updated_on among them (PostgreSQL's text, to the
 * microsecond, UTC). A model learnt from the same watermark needs no retraining.
 */
export interface HistoryWatermark {
  readonly count: number;
  readonly newestOpenedAt: string | null;
  readonly newestUpdatedAt: string | null;
}

/** A stored model's row, without its bytes. */
export interface StoredTagModelInfo {
  readonly id: number;
  readonly trainedAt: string;
  readonly fingerprint: string;
  readonly historySize: number;
  readonly watermark: HistoryWatermark;
  readonly trainingMs: number;
  readonly trainedBy: 'trainer' | 'fallback';
  readonly byteSize: number;
}

/** A stored model's row with its bytes. */
export interface StoredTagModelRow extends StoredTagModelInfo {
  readonly bytes: Buffer;
}

/** What {@link saveTagModel} stores. */
export interface NewTagModel {
  readonly fingerprint: string;
  readonly historySize: number;
  readonly watermark: HistoryWatermark;
  readonly trainingMs: number;
  readonly trainedBy: 'trainer' | 'fallback';
  readonly bytes: Uint8Array;
}

// The history the Tag Classifier learns from (as loadLabelledHistory reads it).
const LABELLED = `state IN ('resolved', 'closed') AND assignment_group IS NOT NULL`;
// Timestamps as UTC text to the microsecond, whatever the session's time zone, so
// watermarks compare exactly (a JS Date would drop the microseconds).
const utcText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const INFO_COLUMNS = `id, trained_at, fingerprint, history_size, history_count,
  ${utcText('history_newest_opened_at')} AS newest_opened_at,
  ${utcText('history_newest_updated_at')} AS newest_updated_at, training_ms, trained_by, byte_size`;

interface InfoRow {
  id: string;
  trained_at: Date;
  fingerprint: string;
  history_size: number;
  history_count: number;
  newest_opened_at: string | null;
  newest_updated_at: string | null;
  training_ms: number;
  trained_by: 'trainer' | 'fallback';
  byte_size: number;
}

/** The labelled history's watermark now. One statement (an aggregate over the labelled incidents). */
export async function readHistoryWatermark(db: Queryable): Promise<HistoryWatermark> {
  const { rows } = await db.query<{ count: number; newest_opened_at: string | null; newest_updated_at: string | null }>(
    `SELECT count(*)::int AS count, ${utcText('max(opened_at)')} AS newest_opened_at,
            ${utcText('max(sys_updated_on)')} AS newest_updated_at
       FROM incidents WHERE ${LABELLED}`,
  );
  const row = rows[0];
  return {
    count: row?.count ?? 0,
    newestOpenedAt: row?.newest_opened_at ?? null,
    newestUpdatedAt: row?.newest_updated_at ?? null,
  };
}

/** Whether two watermarks are the same history. */
export function sameWatermark(a: HistoryWatermark, b: HistoryWatermark): boolean {
  return a.count === b.count && a.newestOpenedAt === b.newestOpenedAt && a.newestUpdatedAt === b.newestUpdatedAt;
}

/**
 * The newest stored model of a fingerprint with its bytes, or null when there is none;
 * without a fingerprint, the newest of any options this code can decode.
 */
export async function loadNewestTagModel(db: Queryable, fingerprint?: string): Promise<StoredTagModelRow | null> {
  const { rows } = await db.query<InfoRow & { model: Buffer }>(
    `SELECT ${INFO_COLUMNS}, model FROM tag_classifier_models
      WHERE ($1::text IS NULL OR fingerprint = $1) AND format_version = $2 ORDER BY id DESC LIMIT 1`,
    [fingerprint ?? null, TAG_MODEL_FORMAT_VERSION],
  );
  const row = rows[0];
  return row === undefined ? null : { ...infoOf(row), bytes: row.model };
}

/** The newest stored model of a fingerprint, without its bytes (the trainer compares it; readers check its id). */
export async function newestTagModelInfo(db: Queryable, fingerprint: string): Promise<StoredTagModelInfo | null> {
  const { rows } = await db.query<InfoRow>(
    `SELECT ${INFO_COLUMNS} FROM tag_classifier_models
      WHERE fingerprint = $1 AND format_version = $2 ORDER BY id DESC LIMIT 1`,
    [fingerprint, TAG_MODEL_FORMAT_VERSION],
  );
  const row = rows[0];
  return row === undefined ? null : infoOf(row);
}

/**
 * Stores a model and keeps only the newest `keep` models (of any fingerprint): one
 * INSERT and one DELETE. Returns the stored model's id.
 */
export async function saveTagModel(db: Queryable, model: NewTagModel, keep = 3): Promise<number> {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`saveTagModel keep must be an integer ≥ 1; got ${keep}.`);
  const bytes = Buffer.from(model.bytes.buffer, model.bytes.byteOffset, model.bytes.byteLength);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO tag_classifier_models (fingerprint, format_version, history_size, history_count,
        history_newest_opened_at, history_newest_updated_at, training_ms, trained_by, byte_size, model)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz, $7, $8, $9, $10) RETURNING id`,
    [
      model.fingerprint,
      TAG_MODEL_FORMAT_VERSION,
      model.historySize,
      model.watermark.count,
      model.watermark.newestOpenedAt,
      model.watermark.newestUpdatedAt,
      Math.round(model.trainingMs),
      model.trainedBy,
      bytes.length,
      bytes,
    ],
  );
  const id = Number(rows[0]?.id);
  await db.query(
    `DELETE FROM tag_classifier_models WHERE id NOT IN (SELECT id FROM tag_classifier_models ORDER BY id DESC LIMIT $1)`,
    [keep],
  );
  return id;
}

/** The stored models, newest first, without their bytes (operators, tests). */
export async function listTagModels(db: Queryable): Promise<StoredTagModelInfo[]> {
  const { rows } = await db.query<InfoRow>(`SELECT ${INFO_COLUMNS} FROM tag_classifier_models ORDER BY id DESC`);
  return rows.map(infoOf);
}

function infoOf(row: InfoRow): StoredTagModelInfo {
  return {
    id: Number(row.id),
    trainedAt: row.trained_at.toISOString(),
    fingerprint: row.fingerprint,
    historySize: row.history_size,
    watermark: {
      count: row.history_count,
      newestOpenedAt: row.newest_opened_at,
      newestUpdatedAt: row.newest_updated_at,
    },
    trainingMs: row.training_ms,
    trainedBy: row.trained_by,
    byteSize: row.byte_size,
  };
}
