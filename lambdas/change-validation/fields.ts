import type { ChangeRequest, Language } from '../shared/records';

/**
 * The one mapping from our change record's fields to ServiceNow's `change_request`
 * field names, which findings name so a change owner finds the field on the form.
 */
export const SERVICENOW_FIELD: Readonly<Record<string, string>> = {
  shortDescription: 'short_description',
  description: 'description',
  justification: 'justification',
  implementationPlan: 'implementation_plan',
  backoutPlan: 'backout_plan',
  testPlan: 'test_plan',
  riskImpactAnalysis: 'risk_impact_analysis',
  risk: 'risk',
  impact: 'impact',
  cmdbCi: 'cmdb_ci',
  chgModel: 'chg_model',
  environment: 'u_environment',
  startDate: 'start_date',
  endDate: 'end_date',
  type: 'type',
};

/** The ServiceNow field name of a record field (itself when unmapped). */
export function serviceNowField(field: string): string {
  return SERVICENOW_FIELD[field] ?? field;
}

const LABELS: Readonly<Record<string, Readonly<Record<Language, string>>>> = {
  shortDescription: { en: 'Short description', es: 'Descripción breve' },
  description: { en: 'Description', es: 'Descripción' },
  justification: { en: 'Justification', es: 'Justificación' },
  implementationPlan: { en: 'Implementation plan', es: 'Plan de implementación' },
  backoutPlan: { en: 'Backout plan', es: 'Plan de marcha atrás' },
  testPlan: { en: 'Test plan', es: 'Plan de pruebas' },
  riskImpactAnalysis: { en: 'Risk and impact analysis', es: 'Análisis de riesgo e impacto' },
  risk: { en: 'Risk', es: 'Riesgo' },
  impact: { en: 'Impact', es: 'Impacto' },
  cmdbCi: { en: 'Configuration item', es: 'Elemento de configuración' },
  chgModel: { en: 'Change model', es: 'Modelo de cambio' },
  environment: { en: 'Environment', es: 'Entorno' },
  startDate: { en: 'Planned start date', es: 'Fecha de inicio planificada' },
  endDate: { en: 'Planned end date', es: 'Fecha de fin planificada' },
};

/** The form label of a field in the change's language. */
export function fieldLabel(field: string, language: Language): string {
  return LABELS[field]?.[language] ?? field;
}

/** A field's value as text ('' when empty); numbers and ids as their string. */
export function fieldText(change: ChangeRequest, field: string): string {
  const value = (change as unknown as Record<string, unknown>)[field];
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value.trim() : String(value);
}
