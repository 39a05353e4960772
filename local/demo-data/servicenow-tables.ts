import type {
  ChangeModel,
  ChangeRequest,
  CiRelationship,
  ConfigurationItem,
  Incident,
  ValidationRule,
} from '../../lambdas/shared/records';
import {
  BUSINESS_CRITICALITY_CHOICES,
  CHANGE_RISK_CHOICES,
  CHANGE_STATE_CHOICES,
  CHANGE_TYPE_CHOICES,
  type Choice,
  ENVIRONMENT_CHOICES,
  IMPACT_LABELS,
  INCIDENT_STATE_CHOICES,
  OPERATIONAL_STATUS_CHOICES,
  PRIORITY_LABELS,
} from '../../lambdas/shared/servicenow/choices';
import type { FieldValue, StoredRow } from '../servicenow-emulator/app';
import type { DemoDataset } from './dataset';
import { PEOPLE } from './people';
import { deriveSysId } from './prng';
import { DEFAULT_NOW } from './time';

/** The table the change policy rules are kept in on the instance (a custom table). */
export const VALIDATION_RULE_TABLE = 'u_switchyard_validation_rule';

/** Where the seeded records' reference links point. */
const INSTANCE = 'https://switchyard-demo.service-now.com';
// Referenced records (users, groups, locations) get sys_ids from one fixed namespace.
const NAMESPACE = 0;

/** Options of {@link toServiceNowTables}. */
export interface ServiceNowTablesOptions {
  /** `sys_updated_on` of the rules, which carry no version of their own. @default DEFAULT_NOW */
  readonly rulesUpdatedAt?: Date;
}

/**
 * The demo dataset as a ServiceNow instance stores it, table by table, for the
 * emulator: reference fields as sys_id plus display value, dates as
 * `yyyy-MM-dd HH:mm:ss` UTC, choices as their stored values with display labels.
 * The incidents' callers are the people their text names (as a reporter would be),
 * so the ETL's PII redaction has real names to find.
 */
export function toServiceNowTables(
  dataset: DemoDataset,
  options: ServiceNowTablesOptions = {},
): Record<string, StoredRow[]> {
  const ciNames = new Map(dataset.configurationItems.map((ci) => [ci.sysId, ci.name]));
  const modelNames = new Map(dataset.changeModels.map((model) => [model.sysId, model.name]));
  const rulesUpdatedOn = snDate((options.rulesUpdatedAt ?? DEFAULT_NOW).toISOString());
  return {
    cmdb_ci: dataset.configurationItems.map(configurationItemRow),
    cmdb_rel_ci: dataset.ciRelationships.map((rel) => relationshipRow(rel, ciNames)),
    chg_model: dataset.changeModels.map(changeModelRow),
    [VALIDATION_RULE_TABLE]: dataset.validationRules.map((rule) => validationRuleRow(rule, rulesUpdatedOn)),
    change_request: dataset.changeRequests.map((change) => changeRequestRow(change, ciNames, modelNames)),
    incident: dataset.incidents.map((incident) => incidentRow(incident, ciNames)),
  };
}

/** The sys_id a validation rule has on the instance. */
export function validationRuleSysId(ruleId: string): string {
  return deriveSysId(NAMESPACE, VALIDATION_RULE_TABLE, ruleId);
}

function incidentRow(incident: Incident, ciNames: ReadonlyMap<string, string>): StoredRow {
  const caller = callerOf(incident);
  return {
    sys_id: incident.sysId,
    number: incident.number,
    short_description: incident.shortDescription,
    description: incident.description,
    category: incident.category ?? '',
    subcategory: incident.subcategory ?? '',
    priority: numbered(incident.priority, PRIORITY_LABELS),
    impact: numbered(incident.impact, IMPACT_LABELS),
    urgency: numbered(incident.urgency, IMPACT_LABELS),
    state: choice(INCIDENT_STATE_CHOICES[incident.state]),
    assignment_group: named('sys_user_group', incident.assignmentGroup),
    assigned_to: named('sys_user', incident.assignedTo),
    caller_id: named('sys_user', caller),
    opened_by: named('sys_user', caller),
    cmdb_ci: reference('cmdb_ci', incident.cmdbCi, ciNames),
    business_service: named('cmdb_ci_service', incident.businessService),
    opened_at: snDate(incident.openedAt),
    resolved_at: snDate(incident.resolvedAt),
    close_code: incident.closeCode ?? '',
    close_notes: incident.closeNotes ?? '',
    work_notes: '',
    comments: '',
    sys_created_on: snDate(incident.openedAt),
    sys_updated_on: snDate(incident.sysUpdatedOn),
  };
}

function changeRequestRow(
  change: ChangeRequest,
  ciNames: ReadonlyMap<string, string>,
  modelNames: ReadonlyMap<string, string>,
): StoredRow {
  return {
    sys_id: change.sysId,
    number: change.number,
    short_description: change.shortDescription,
    description: change.description,
    type: choice(CHANGE_TYPE_CHOICES[change.type]),
    state: choice(CHANGE_STATE_CHOICES[change.state]),
    chg_model: reference('chg_model', change.chgModel, modelNames),
    cmdb_ci: reference('cmdb_ci', change.cmdbCi, ciNames),
    u_environment: change.environment === null ? '' : choice(ENVIRONMENT_CHOICES[change.environment]),
    risk: change.risk === null ? '' : choice(CHANGE_RISK_CHOICES[change.risk]),
    impact: change.impact === null ? '' : numbered(change.impact, IMPACT_LABELS),
    category: change.category ?? '',
    assignment_group: named('sys_user_group', change.assignmentGroup),
    requested_by: named('sys_user', change.requestedBy),
    justification: change.justification,
    implementation_plan: change.implementationPlan,
    backout_plan: change.backoutPlan,
    test_plan: change.testPlan,
    risk_impact_analysis: change.riskImpactAnalysis,
    start_date: snDate(change.startDate),
    end_date: snDate(change.endDate),
    work_notes: '',
    sys_updated_on: snDate(change.sysUpdatedOn),
  };
}

function changeModelRow(model: ChangeModel): StoredRow {
  return {
    sys_id: model.sysId,
    name: model.name,
    description: model.description,
    u_change_type: choice(CHANGE_TYPE_CHOICES[model.changeType]),
    u_technology_family: model.technologyFamily,
    u_objective: model.objective,
    u_environments: model.environments.join(','),
    active: String(model.active),
    sys_updated_on: snDate(model.sysUpdatedOn),
  };
}

function configurationItemRow(ci: ConfigurationItem): StoredRow {
  return {
    sys_id: ci.sysId,
    name: ci.name,
    sys_class_name: { value: ci.className, display_value: classLabel(ci.className) },
    short_description: ci.description,
    environment: ci.environment === null ? '' : choice(ENVIRONMENT_CHOICES[ci.environment]),
    operational_status: choice(OPERATIONAL_STATUS_CHOICES[ci.operationalStatus]),
    business_criticality:
      ci.businessCriticality === null ? '' : choice(BUSINESS_CRITICALITY_CHOICES[ci.businessCriticality]),
    support_group: named('sys_user_group', ci.supportGroup),
    location: named('cmn_location', ci.location),
    sys_updated_on: snDate(ci.sysUpdatedOn),
  };
}

function relationshipRow(rel: CiRelationship, ciNames: ReadonlyMap<string, string>): StoredRow {
  return {
    sys_id: rel.sysId,
    parent: reference('cmdb_ci', rel.parent, ciNames),
    child: reference('cmdb_ci', rel.child, ciNames),
    type: named('cmdb_rel_type', rel.type),
    sys_updated_on: snDate(rel.sysUpdatedOn),
  };
}

function validationRuleRow(rule: ValidationRule, updatedOn: string): StoredRow {
  return {
    sys_id: validationRuleSysId(rule.id),
    u_rule_id: rule.id,
    u_title: rule.title,
    u_description: rule.description,
    u_severity: rule.severity,
    u_applies_to: JSON.stringify(rule.appliesTo),
    u_check_kind: rule.check.kind,
    u_check_params: JSON.stringify(rule.check.params),
    active: String(rule.active),
    sys_updated_on: updatedOn,
  };
}

// The reporter is whoever the text names; otherwise someone picked by the ticket's sys_id.
function callerOf(incident: Incident): string {
  const text = `${incident.shortDescription}\n${incident.description}`;
  const everyone = [...PEOPLE.en, ...PEOPLE.es];
  const named_ = everyone.find((person) => text.includes(person));
  if (named_ !== undefined) return named_;
  const staff = PEOPLE[incident.language];
  return staff[Number.parseInt(incident.sysId.slice(0, 6), 16) % staff.length] as string;
}

function choice(c: Choice): FieldValue {
  return { value: c.value, display_value: c.label };
}

function numbered(n: number, labels: readonly string[]): FieldValue {
  return { value: String(n), display_value: labels[n - 1] ?? String(n) };
}

function link(table: string, sysId: string): string {
  return `${INSTANCE}/api/now/table/${table}/${sysId}`;
}

function reference(table: string, sysId: string | null, names: ReadonlyMap<string, string>): FieldValue {
  if (sysId === null) return '';
  return { value: sysId, display_value: names.get(sysId) ?? '', link: link(table, sysId) };
}

// A reference to a record we know only by its name (users, groups, locations, services).
function named(table: string, name: string | null): FieldValue {
  if (name === null || name === '') return '';
  const sysId = deriveSysId(NAMESPACE, table, name);
  return { value: sysId, display_value: name, link: link(table, sysId) };
}

function classLabel(className: string): string {
  const words = className.replace(/^cmdb_ci_?/, '').split('_');
  return words
    .map((word) => (word.length <= 3 ? word.toUpperCase() : word[0]?.toUpperCase() + word.slice(1)))
    .join(' ');
}

/** ISO-8601 UTC → ServiceNow's `yyyy-MM-dd HH:mm:ss`; empty for no date. */
function snDate(iso: string | null): string {
  return iso === null ? '' : new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}
