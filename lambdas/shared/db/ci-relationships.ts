import type { CiRelationship } from '../records';
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

/** A row of `ci_relationships` as pg returns it. */
interface CiRelationshipRow {
  sys_id: string;
  parent: string;
  child: string;
  type: string;
  sys_updated_on: Date;
}

/** The one mapping between {@link CiRelationship} and the `ci_relationships` table. */
export const CI_RELATIONSHIPS_TABLE: RecordTable<CiRelationship, CiRelationshipRow> = {
  table: 'ci_relationships',
  key: 'sys_id',
  keyOf: (relationship) => relationship.sysId,
  version: { column: 'sys_updated_on', of: (relationship) => relationship.sysUpdatedOn },
  embedded: false,
  touchedColumn: 'loaded_at',
  columns: [
    { column: 'sys_id', value: (r) => r.sysId },
    { column: 'parent', value: (r) => r.parent },
    { column: 'child', value: (r) => r.child },
    { column: 'type', value: (r) => r.type },
    { column: 'sys_updated_on', value: (r) => r.sysUpdatedOn },
  ],
  fromRow: (row) => ({
    sysId: row.sys_id,
    parent: row.parent,
    child: row.child,
    type: row.type,
    sysUpdatedOn: isoString(row.sys_updated_on),
  }),
};

/** Stores CI relationships by sys_id; a version older than the stored one is skipped. They have no embedding. */
export function upsertCiRelationships(
  db: Queryable,
  items: readonly Pick<UpsertItem<CiRelationship>, 'record'>[],
  options?: UpsertOptions,
): Promise<UpsertResult> {
  return upsertRecords(db, CI_RELATIONSHIPS_TABLE, items, options);
}

/** The CI relationship with this sys_id, or null. */
export function getCiRelationship(db: Queryable, sysId: string): Promise<CiRelationship | null> {
  return getRecord(db, CI_RELATIONSHIPS_TABLE, sysId);
}

/** The relationships where the CI is the parent or the child. */
export async function listCiRelationships(db: Queryable, ciSysId: string): Promise<CiRelationship[]> {
  const { rows } = await db.query<CiRelationshipRow>(
    `SELECT sys_id, parent, child, type, sys_updated_on FROM ci_relationships
      WHERE parent = $1 OR child = $1 ORDER BY type, sys_id`,
    [ciSysId],
  );
  return rows.map(CI_RELATIONSHIPS_TABLE.fromRow);
}
