import type { ConfigurationItem } from '../records';
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

/** A row of `configuration_items` as pg returns it. */
interface ConfigurationItemRow {
  sys_id: string;
  name: string;
  class_name: string;
  description: string;
  environment: ConfigurationItem['environment'];
  operational_status: ConfigurationItem['operationalStatus'];
  business_criticality: ConfigurationItem['businessCriticality'];
  support_group: string | null;
  location: string | null;
  sys_updated_on: Date;
}

/** The one mapping between {@link ConfigurationItem} and the `configuration_items` table. */
export const CONFIGURATION_ITEMS_TABLE: RecordTable<ConfigurationItem, ConfigurationItemRow> = {
  table: 'configuration_items',
  key: 'sys_id',
  keyOf: (item) => item.sysId,
  version: { column: 'sys_updated_on', of: (item) => item.sysUpdatedOn },
  embedded: true,
  touchedColumn: 'loaded_at',
  columns: [
    { column: 'sys_id', value: (c) => c.sysId },
    { column: 'name', value: (c) => c.name },
    { column: 'class_name', value: (c) => c.className },
    { column: 'description', value: (c) => c.description },
    { column: 'environment', value: (c) => c.environment },
    { column: 'operational_status', value: (c) => c.operationalStatus },
    { column: 'business_criticality', value: (c) => c.businessCriticality },
    { column: 'support_group', value: (c) => c.supportGroup },
    { column: 'location', value: (c) => c.location },
    { column: 'sys_updated_on', value: (c) => c.sysUpdatedOn },
  ],
  fromRow: (row) => ({
    sysId: row.sys_id,
    name: row.name,
    className: row.class_name,
    description: row.description,
    environment: row.environment,
    operationalStatus: row.operational_status,
    businessCriticality: row.business_criticality,
    supportGroup: row.support_group,
    location: row.location,
    sysUpdatedOn: isoString(row.sys_updated_on),
  }),
};

/** Stores configuration items by sys_id; a version older than the stored one is skipped. */
export function upsertConfigurationItems(
  db: Queryable,
  items: readonly UpsertItem<ConfigurationItem>[],
  options?: UpsertOptions,
): Promise<UpsertResult> {
  return upsertRecords(db, CONFIGURATION_ITEMS_TABLE, items, options);
}

/** The configuration item with this sys_id, or null. */
export function getConfigurationItem(db: Queryable, sysId: string): Promise<ConfigurationItem | null> {
  return getRecord(db, CONFIGURATION_ITEMS_TABLE, sysId);
}
