/**
 * ServiceNow choice lists Switchyard reads and writes: the raw value ServiceNow stores
 * and the label it displays, keyed by our own name for the choice. The ETL maps a
 * record's value (or, from a display-value export, its label) to our name; the
 * emulator's seed data maps the other way.
 */

/** A choice: the stored value and the label ServiceNow shows. */
export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** incident.state. */
export const INCIDENT_STATE_CHOICES = {
  new: { value: '1', label: 'New' },
  in_progress: { value: '2', label: 'In Progress' },
  on_hold: { value: '3', label: 'On Hold' },
  resolved: { value: '6', label: 'Resolved' },
  closed: { value: '7', label: 'Closed' },
  canceled: { value: '8', label: 'Canceled' },
} as const satisfies Record<string, Choice>;

/** change_request.state (the numbers are ServiceNow's, negative before implementation ends). */
export const CHANGE_STATE_CHOICES = {
  new: { value: '-5', label: 'New' },
  assess: { value: '-4', label: 'Assess' },
  authorize: { value: '-3', label: 'Authorize' },
  scheduled: { value: '-2', label: 'Scheduled' },
  implement: { value: '-1', label: 'Implement' },
  review: { value: '0', label: 'Review' },
  closed: { value: '3', label: 'Closed' },
  canceled: { value: '4', label: 'Canceled' },
} as const satisfies Record<string, Choice>;

/** change_request.type. */
export const CHANGE_TYPE_CHOICES = {
  normal: { value: 'normal', label: 'Normal' },
  standard: { value: 'standard', label: 'Standard' },
  emergency: { value: 'emergency', label: 'Emergency' },
} as const satisfies Record<string, Choice>;

/** change_request.risk. */
export const CHANGE_RISK_CHOICES = {
  very_high: { value: '1', label: 'Very High' },
  high: { value: '2', label: 'High' },
  moderate: { value: '3', label: 'Moderate' },
  low: { value: '4', label: 'Low' },
} as const satisfies Record<string, Choice>;

/** Environments (u_environment on change_request, environment on cmdb_ci). */
export const ENVIRONMENT_CHOICES = {
  production: { value: 'production', label: 'Production' },
  staging: { value: 'staging', label: 'Staging' },
  test: { value: 'test', label: 'Test' },
  development: { value: 'development', label: 'Development' },
  disaster_recovery: { value: 'disaster_recovery', label: 'Disaster Recovery' },
} as const satisfies Record<string, Choice>;

/** cmdb_ci.operational_status. */
export const OPERATIONAL_STATUS_CHOICES = {
  operational: { value: '1', label: 'Operational' },
  non_operational: { value: '2', label: 'Non-Operational' },
  repair_in_progress: { value: '3', label: 'Repair in Progress' },
  retired: { value: '6', label: 'Retired' },
} as const satisfies Record<string, Choice>;

/** cmdb_ci.business_criticality (ServiceNow stores the label as the value). */
export const BUSINESS_CRITICALITY_CHOICES = {
  '1_most_critical': { value: '1 - most critical', label: '1 - most critical' },
  '2_somewhat_critical': { value: '2 - somewhat critical', label: '2 - somewhat critical' },
  '3_less_critical': { value: '3 - less critical', label: '3 - less critical' },
  '4_not_critical': { value: '4 - not critical', label: '4 - not critical' },
} as const satisfies Record<string, Choice>;

/** Labels of incident.priority (1-5). */
export const PRIORITY_LABELS = ['1 - Critical', '2 - High', '3 - Moderate', '4 - Low', '5 - Planning'] as const;
/** Labels of impact and urgency (1-3). */
export const IMPACT_LABELS = ['1 - High', '2 - Medium', '3 - Low'] as const;

/**
 * Our name for a choice given the stored value or, failing that, the displayed label
 * (case-insensitive); undefined when neither matches.
 */
export function choiceName<K extends string>(
  choices: Readonly<Record<K, Choice>>,
  value: string,
  label: string,
): K | undefined {
  const entries = Object.entries(choices) as [K, Choice][];
  const byValue = entries.find(([, choice]) => choice.value === value);
  if (byValue !== undefined) return byValue[0];
  const wanted = [label, value].map((text) => text.trim().toLowerCase());
  return entries.find(([name, choice]) => wanted.includes(choice.label.toLowerCase()) || wanted.includes(name))?.[0];
}

/** The leading number of a numbered choice (`"2"` or `"2 - High"`), or undefined. */
export function leadingNumber(value: string, label: string): number | undefined {
  for (const text of [value, label]) {
    const match = /^\s*(-?\d+)\b/.exec(text);
    if (match !== null) return Number(match[1]);
  }
  return undefined;
}
