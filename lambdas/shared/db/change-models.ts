import type { ChangeModel } from '../records';
import type { Queryable } from './pool';
import {
  getRecord,
  isoString,
  type RecordTable,
  type UpsertItem,
  type UpsertOptions,
  type UpsertResult,
  upsertRecords,
} from './record-table';

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
