import { CHANGE_STATES, type ChangeRequest, type ChangeStateName } from '../records';
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

/** A row of `change_requests` as pg returns it; `state` is ServiceNow's integer. */
interface ChangeRequestRow {
  sys_id: string;
  number: string;
  short_description: string;
  description: string;
  type: ChangeRequest['type'];
  state: number;
  chg_model: string | null;
  cmdb_ci: string | null;
  environment: ChangeRequest['environment'];
  risk: ChangeRequest['risk'];
  impact: number | null;
  category: string | null;
  assignment_group: string | null;
  requested_by: string | null;
  justification: string;
  implementation_plan: string;
  backout_plan: string;
  test_plan: string;
  risk_impact_analysis: string;
  start_date: Date | null;
  end_date: Date | null;
  language: ChangeRequest['language'];
  sys_updated_on: Date;
}

const STATE_NAMES = new Map<number, ChangeStateName>(
  Object.entries(CHANGE_STATES).map(([name, value]) => [value, name as ChangeStateName]),
);

/** ServiceNow's integer for a change state name (`new` → -5). */
export function changeStateValue(state: ChangeStateName): number {
  return CHANGE_STATES[state];
}

/** The change state name for ServiceNow's integer (-5 → `new`). */
export function changeStateName(value: number): ChangeStateName {
  const name = STATE_NAMES.get(value);
  if (name === undefined) throw new Error(`Unknown change_request.state ${value}.`);
  return name;
}

/** The one mapping between {@link ChangeRequest} and the `change_requests` table. */
export const CHANGE_REQUESTS_TABLE: RecordTable<ChangeRequest, ChangeRequestRow> = {
  table: 'change_requests',
  key: 'sys_id',
  keyOf: (change) => change.sysId,
  version: { column: 'sys_updated_on', of: (change) => change.sysUpdatedOn },
  embedded: true,
  touchedColumn: 'loaded_at',
  columns: [
    { column: 'sys_id', value: (c) => c.sysId },
    { column: 'number', value: (c) => c.number },
    { column: 'short_description', value: (c) => c.shortDescription },
    { column: 'description', value: (c) => c.description },
    { column: 'type', value: (c) => c.type },
    { column: 'state', value: (c) => changeStateValue(c.state) },
    { column: 'chg_model', value: (c) => c.chgModel },
    { column: 'cmdb_ci', value: (c) => c.cmdbCi },
    { column: 'environment', value: (c) => c.environment },
    { column: 'risk', value: (c) => c.risk },
    { column: 'impact', value: (c) => c.impact },
    { column: 'category', value: (c) => c.category },
    { column: 'assignment_group', value: (c) => c.assignmentGroup },
    { column: 'requested_by', value: (c) => c.requestedBy },
    { column: 'justification', value: (c) => c.justification },
    { column: 'implementation_plan', value: (c) => c.implementationPlan },
    { column: 'backout_plan', value: (c) => c.backoutPlan },
    { column: 'test_plan', value: (c) => c.testPlan },
    { column: 'risk_impact_analysis', value: (c) => c.riskImpactAnalysis },
    { column: 'start_date', value: (c) => c.startDate },
    { column: 'end_date', value: (c) => c.endDate },
    { column: 'language', value: (c) => c.language },
    { column: 'sys_updated_on', value: (c) => c.sysUpdatedOn },
  ],
  fromRow: (row) => ({
    sysId: row.sys_id,
    number: row.number,
    shortDescription: row.short_description,
    description: row.description,
    type: row.type,
    state: changeStateName(row.state),
    chgModel: row.chg_model,
    cmdbCi: row.cmdb_ci,
    environment: row.environment,
    risk: row.risk,
    impact: row.impact,
    category: row.category,
    assignmentGroup: row.assignment_group,
    requestedBy: row.requested_by,
    justification: row.justification,
    implementationPlan: row.implementation_plan,
    backoutPlan: row.backout_plan,
    testPlan: row.test_plan,
    riskImpactAnalysis: row.risk_impact_analysis,
    startDate: isoStringOrNull(row.start_date),
    endDate: isoStringOrNull(row.end_date),
    language: row.language,
    sysUpdatedOn: isoString(row.sys_updated_on),
  }),
};

/** Stores change requests by sys_id; a version older than the stored one is skipped. */
export function upsertChangeRequests(
  db: Queryable,
  items: readonly UpsertItem<ChangeRequest>[],
  options?: UpsertOptions,
): Promise<UpsertResult> {
  return upsertRecords(db, CHANGE_REQUESTS_TABLE, items, options);
}

/** The change request with this sys_id, or null. */
export function getChangeRequest(db: Queryable, sysId: string): Promise<ChangeRequest | null> {
  return getRecord(db, CHANGE_REQUESTS_TABLE, sysId);
}
