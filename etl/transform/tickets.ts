import { detectLanguage } from '../../lambdas/shared/embeddings/detect-language';
import {
  CHANGE_RISK_CHOICES,
  CHANGE_STATE_CHOICES,
  CHANGE_TYPE_CHOICES,
  choiceName,
  ENVIRONMENT_CHOICES,
  INCIDENT_STATE_CHOICES,
  leadingNumber,
} from '../../lambdas/shared/servicenow/choices';
import { displayText, field, isoDate, optionalText, type RawRow, referenceSysId, text } from './fields';
import { stripHtml } from './html';
import { redactPii } from './redact';

/**
 * incident and change_request rows mapped to Switchyard's record fields (validated
 * against records.ts by the caller). Every free-text field is stripped of HTML and
 * redacted of PII here, so no later step ever sees the original text.
 */

/** Person fields whose names are redacted wherever the free text repeats them. */
const INCIDENT_PEOPLE = ['caller_id', 'opened_by', 'assigned_to', 'resolved_by', 'closed_by'];
const CHANGE_PEOPLE = ['requested_by', 'opened_by', 'assigned_to'];

/** An incident row as the fields of an Incident (unvalidated). */
export function incidentFields(row: RawRow): Record<string, unknown> {
  const clean = cleaner(row, INCIDENT_PEOPLE);
  const shortDescription = clean('short_description');
  const description = clean('description');
  return {
    sysId: text(row, 'sys_id'),
    number: text(row, 'number'),
    shortDescription,
    description,
    category: optionalText(row, 'category'),
    subcategory: optionalText(row, 'subcategory'),
    priority: numberOf(row, 'priority'),
    impact: numberOf(row, 'impact'),
    urgency: numberOf(row, 'urgency'),
    state: choiceOf(row, 'state', INCIDENT_STATE_CHOICES),
    assignmentGroup: displayText(row, 'assignment_group'),
    assignedTo: displayText(row, 'assigned_to'),
    cmdbCi: referenceSysId(row, 'cmdb_ci'),
    businessService: displayText(row, 'business_service'),
    openedAt: isoDate(row, 'opened_at'),
    resolvedAt: isoDate(row, 'resolved_at'),
    closeCode: displayText(row, 'close_code'),
    closeNotes: clean('close_notes') || null,
    language: detectLanguage(`${shortDescription}\n${description}`).language,
    sysUpdatedOn: isoDate(row, 'sys_updated_on'),
  };
}

/** A change_request row as the fields of a ChangeRequest (unvalidated). */
export function changeRequestFields(row: RawRow): Record<string, unknown> {
  const clean = cleaner(row, CHANGE_PEOPLE);
  const shortDescription = clean('short_description');
  const description = clean('description');
  const environment = field(row, 'u_environment');
  return {
    sysId: text(row, 'sys_id'),
    number: text(row, 'number'),
    shortDescription,
    description,
    type: choiceOf(row, 'type', CHANGE_TYPE_CHOICES),
    state: choiceOf(row, 'state', CHANGE_STATE_CHOICES),
    chgModel: referenceSysId(row, 'chg_model'),
    cmdbCi: referenceSysId(row, 'cmdb_ci'),
    environment:
      environment.value === '' ? null : choiceName(ENVIRONMENT_CHOICES, environment.value, environment.displayValue),
    risk: optionalChoiceOf(row, 'risk', CHANGE_RISK_CHOICES),
    impact: field(row, 'impact').value === '' ? null : numberOf(row, 'impact'),
    category: optionalText(row, 'category'),
    assignmentGroup: displayText(row, 'assignment_group'),
    requestedBy: displayText(row, 'requested_by'),
    justification: clean('justification'),
    implementationPlan: clean('implementation_plan'),
    backoutPlan: clean('backout_plan'),
    testPlan: clean('test_plan'),
    riskImpactAnalysis: clean('risk_impact_analysis'),
    startDate: isoDate(row, 'start_date'),
    endDate: isoDate(row, 'end_date'),
    language: detectLanguage(`${shortDescription}\n${description}`).language,
    sysUpdatedOn: isoDate(row, 'sys_updated_on'),
  };
}

/** The names a row's person fields hold (display values), for redaction. */
export function peopleOf(row: RawRow, fields: readonly string[]): string[] {
  return fields.map((name) => displayText(row, name)).filter((name): name is string => name !== null);
}

// Plain text of a free-text field: HTML stripped, then PII redacted.
function cleaner(row: RawRow, personFields: readonly string[]): (name: string) => string {
  const people = peopleOf(row, personFields);
  return (name) => redactPii(stripHtml(field(row, name).value), people);
}

function numberOf(row: RawRow, name: string): number | undefined {
  const f = field(row, name);
  return leadingNumber(f.value, f.displayValue);
}

function choiceOf<K extends string>(
  row: RawRow,
  name: string,
  choices: Readonly<Record<K, { value: string; label: string }>>,
): K | string {
  const f = field(row, name);
  // An unknown choice is passed through as-is, so validation names it.
  return choiceName(choices, f.value, f.displayValue) ?? f.value;
}

function optionalChoiceOf<K extends string>(
  row: RawRow,
  name: string,
  choices: Readonly<Record<K, { value: string; label: string }>>,
): K | string | null {
  return field(row, name).value === '' ? null : choiceOf(row, name, choices);
}
