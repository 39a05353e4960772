import type { Incident } from '../records';
import type { Queryable } from './pool';
import {
  getRecord,
  isoString,
  isoStringOrNull,
  type RecordTable,
  type UpsertItem,
  type UpsertOptions,
  type UpsertResult,
  upsertRecords,
} from './record-table';

/** A row of `incidents` as pg returns it. */
interface IncidentRow {
  sys_id: string;
  number: string;
  short_description: string;
  description: string;
  category: string | null;
  subcategory: string | null;
  priority: number;
  impact: number;
  urgency: number;
  state: Incident['state'];
  assignment_group: string | null;
  assigned_to: string | null;
  cmdb_ci: string | null;
  business_service: string | null;
  opened_at: Date;
  resolved_at: Date | null;
  close_code: string | null;
  close_notes: string | null;
  language: Incident['language'];
  sys_updated_on: Date;
}

/** The one mapping between {@link Incident} and the `incidents` table. */
export const INCIDENTS_TABLE: RecordTable<Incident, IncidentRow> = {
  table: 'incidents',
  key: 'sys_id',
  keyOf: (incident) => incident.sysId,
  version: { column: 'sys_updated_on', of: (incident) => incident.sysUpdatedOn },
  embedded: true,
  touchedColumn: 'loaded_at',
  columns: [
    { column: 'sys_id', value: (i) => i.sysId },
    { column: 'number', value: (i) => i.number },
    { column: 'short_description', value: (i) => i.shortDescription },
    { column: 'description', value: (i) => i.description },
    { column: 'category', value: (i) => i.category },
    { column: 'subcategory', value: (i) => i.subcategory },
    { column: 'priority', value: (i) => i.priority },
    { column: 'impact', value: (i) => i.impact },
    { column: 'urgency', value: (i) => i.urgency },
    { column: 'state', value: (i) => i.state },
    { column: 'assignment_group', value: (i) => i.assignmentGroup },
    { column: 'assigned_to', value: (i) => i.assignedTo },
    { column: 'cmdb_ci', value: (i) => i.cmdbCi },
    { column: 'business_service', value: (i) => i.businessService },
    { column: 'opened_at', value: (i) => i.openedAt },
    { column: 'resolved_at', value: (i) => i.resolvedAt },
    { column: 'close_code', value: (i) => i.closeCode },
    { column: 'close_notes', value: (i) => i.closeNotes },
    { column: 'language', value: (i) => i.language },
    { column: 'sys_updated_on', value: (i) => i.sysUpdatedOn },
  ],
  fromRow: (row) => ({
    sysId: row.sys_id,
    number: row.number,
    shortDescription: row.short_description,
    description: row.description,
    category: row.category,
    subcategory: row.subcategory,
    priority: row.priority,
    impact: row.impact,
    urgency: row.urgency,
    state: row.state,
    assignmentGroup: row.assignment_group,
    assignedTo: row.assigned_to,
    cmdbCi: row.cmdb_ci,
    businessService: row.business_service,
    openedAt: isoString(row.opened_at),
    resolvedAt: isoStringOrNull(row.resolved_at),
    closeCode: row.close_code,
    closeNotes: row.close_notes,
    language: row.language,
    sysUpdatedOn: isoString(row.sys_updated_on),
  }),
};

/** Stores incidents by sys_id; a version older than the stored one is skipped. */
export function upsertIncidents(
  db: Queryable,
  items: readonly UpsertItem<Incident>[],
  options?: UpsertOptions,
): Promise<UpsertResult> {
  return upsertRecords(db, INCIDENTS_TABLE, items, options);
}

/** The incident with this sys_id, or null. */
export function getIncident(db: Queryable, sysId: string): Promise<Incident | null> {
  return getRecord(db, INCIDENTS_TABLE, sysId);
}
