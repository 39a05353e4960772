import type { ChangeModel } from '../records';
import { type Queryable, toVectorParam } from './pool';
import {
  getRecord,
  isoString,
  type RecordTable,
  type UpsertItem,
  type UpsertOptions,
  type UpsertResult,
  upsertRecords,
} from './record-table';
import { vectorOf } from './validation-rules';

/** A row of `change_models` as pg returns it. */
interface ChangeModelRow {
  sys_id: string;
  name: string;
  description: string;
  change_type: ChangeModel['changeType'];
  technology_family: string;
  objective: string;
  environments: ChangeModel['environments'];
  active: boolean;
  sys_updated_on: Date;
}

/** The one mapping between {@link ChangeModel} and the `change_models` table. */
export const CHANGE_MODELS_TABLE: RecordTable<ChangeModel, ChangeModelRow> = {
  table: 'change_models',
  key: 'sys_id',
  keyOf: (model) => model.sysId,
  version: { column: 'sys_updated_on', of: (model) => model.sysUpdatedOn },
  embedded: true,
  touchedColumn: 'loaded_at',
  columns: [
    { column: 'sys_id', value: (m) => m.sysId },
    { column: 'name', value: (m) => m.name },
    { column: 'description', value: (m) => m.description },
    { column: 'change_type', value: (m) => m.changeType },
    { column: 'technology_family', value: (m) => m.technologyFamily },
    { column: 'objective', value: (m) => m.objective },
    { column: 'environments', value: (m) => m.environments, cast: 'text[]' },
    { column: 'active', value: (m) => m.active },
    { column: 'sys_updated_on', value: (m) => m.sysUpdatedOn },
  ],
  fromRow: (row) => ({
    sysId: row.sys_id,
    name: row.name,
    description: row.description,
    changeType: row.change_type,
    technologyFamily: row.technology_family,
    objective: row.objective,
    environments: row.environments,
    active: row.active,
    sysUpdatedOn: isoString(row.sys_updated_on),
  }),
};

/** Stores change models by sys_id; a version older than the stored one is skipped. */
export function upsertChangeModels(
  db: Queryable,
  items: readonly UpsertItem<ChangeModel>[],
  options?: UpsertOptions,
): Promise<UpsertResult> {
  return upsertRecords(db, CHANGE_MODELS_TABLE, items, options);
}

/** The change model with this sys_id, or null. */
export function getChangeModel(db: Queryable, sysId: string): Promise<ChangeModel | null> {
  return getRecord(db, CHANGE_MODELS_TABLE, sysId);
}

/** An active change model with its stored embedding (null until the ETL has embedded it). */
export interface EmbeddedChangeModel {
  readonly model: ChangeModel;
  readonly embedding: number[] | null;
}

/**
 * A SQL expression naming the change model catalogue's version: a counter every
 * statement that writes `change_models` moves (migration 015's trigger), read by one
 * index lookup. A cached copy is current while this value is unchanged.
 */
export const CHANGE_MODELS_VERSION_SQL = `(SELECT version::text FROM catalogue_versions WHERE catalogue = 'change_models')`;

/** Every active change model with its embedding, by sys_id: what a per-process cache holds. */
export async function listEmbeddedChangeModels(db: Queryable): Promise<EmbeddedChangeModel[]> {
  const columns = CHANGE_MODELS_TABLE.columns.map((column) => column.column).join(', ');
  const { rows } = await db.query<ChangeModelRow & { embedding: number[] | string | null }>(
    `SELECT ${columns}, embedding FROM change_models WHERE active ORDER BY sys_id`,
  );
  return rows.map((row) => ({ model: CHANGE_MODELS_TABLE.fromRow(row), embedding: vectorOf(row.embedding) }));
}

/** A change model and its cosine similarity to a text (−1..1). */
export interface ChangeModelMatch {
  readonly sysId: string;
  readonly name: string;
  readonly score: number;
}

/**
 * The `k` active change models nearest to an embedding by pgvector cosine distance,
 * best first, in one statement. The catalogue is small, so the scan is exact (the
 * distance is ordered as an expression the HNSW index does not serve): a filtered
 * index scan could return fewer than `k`.
 */
export async function nearestChangeModels(
  db: Queryable,
  embedding: readonly number[],
  k: number,
): Promise<ChangeModelMatch[]> {
  if (embedding.every((component) => component === 0)) return [];
  const values: unknown[] = [];
  const sql = nearestChangeModelsSql(
    embedding,
    k,
  )((value) => {
    values.push(value);
    return `$${values.length}`;
  });
  const { rows } = await db.query<{ matches: ChangeModelMatchRow[] }>(`SELECT ${sql} AS matches`, values);
  return changeModelMatches(rows[0]?.matches ?? []);
}

/** A match as {@link nearestChangeModelsSql} returns it. */
export interface ChangeModelMatchRow {
  readonly sys_id: string;
  readonly name: string;
  readonly distance: number;
}

/**
 * The nearest-models search as a scalar SQL expression (a JSON array of
 * {@link ChangeModelMatchRow}), to read in another statement; `param` adds a parameter.
 */
export function nearestChangeModelsSql(
  embedding: readonly number[],
  k: number,
): (param: (value: unknown) => string) => string {
  return (param) => {
    const vector = param(toVectorParam(embedding));
    return `(SELECT coalesce(jsonb_agg(m ORDER BY m.distance, m.sys_id), '[]'::jsonb) FROM (
        SELECT sys_id, name, (embedding <=> ${vector}::vector) + 0 AS distance FROM change_models
         WHERE active AND embedding IS NOT NULL
         ORDER BY (embedding <=> ${vector}::vector) + 0, sys_id LIMIT ${param(k)}::integer) m)`;
  };
}

/** The matches of {@link nearestChangeModelsSql}, best first, with similarity = 1 − distance. */
export function changeModelMatches(rows: readonly ChangeModelMatchRow[]): ChangeModelMatch[] {
  return rows.map((row) => ({ sysId: row.sys_id, name: row.name, score: 1 - Number(row.distance) }));
}
