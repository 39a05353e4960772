import type { ChangeRequest, Language, ValidationRule } from '../shared/records';
import { fieldLabel, fieldText, serviceNowField } from './fields';
import type { RuleOutcome } from './finding';

/** What the deterministic checks read besides the change: the clock and the CMDB / calendar facts. */
export interface CheckContext {
  /** When the change is validated (its submission time). */
  readonly now: Date;
  /** Business criticality of the change's CI, when known. */
  readonly ciCriticality: string | null;
  /** Other scheduled changes on the same CI whose windows overlap this change's. */
  readonly conflicts: readonly { readonly number: string; readonly startDate: string; readonly endDate: string }[];
}

type Check = (rule: ValidationRule, change: ChangeRequest, context: CheckContext) => RuleOutcome;

const HOUR_MS = 3_600_000;

/** The deterministic checks by `check.kind`; `semantic` goes to the inference layer instead. */
export const DETERMINISTIC_CHECKS: Readonly<Record<string, Check>> = {
  required_field: (rule, change) => {
    const field = String(rule.check.params.field);
    const value = fieldText(change, field);
    return outcome(
      rule,
      change,
      field,
      value !== '',
      { field, present: value !== '' },
      {
        en: `${fieldLabel(field, 'en')} is empty. ${rule.title}: fill in "${serviceNowField(field)}" before submitting.`,
        es: `${fieldLabel(field, 'es')} está vacío: rellene "${serviceNowField(field)}" antes de enviar el cambio.`,
      },
    );
  },
  min_length: (rule, change) => {
    const field = String(rule.check.params.field);
    const minChars = Number(rule.check.params.minChars ?? 1);
    const chars = fieldText(change, field).length;
    return outcome(
      rule,
      change,
      field,
      chars >= minChars,
      { field, chars, minChars },
      {
        en: `${fieldLabel(field, 'en')} has ${chars} characters; the policy asks for at least ${minChars}. ${rule.title}: say what changes, where and why.`,
        es: `${fieldLabel(field, 'es')} tiene ${chars} caracteres; la política pide al menos ${minChars}. Explique qué se cambia, dónde y por qué.`,
      },
    );
  },
  planned_window: (rule, change, { now }) => {
    const start = parse(change.startDate);
    const end = parse(change.endDate);
    const evidence = { startDate: change.startDate, endDate: change.endDate, validatedAt: now.toISOString() };
    if (start === null)
      return outcome(rule, change, 'startDate', false, evidence, {
        en: 'The planned start date is missing; set the maintenance window before submitting.',
        es: 'Falta la fecha de inicio planificada; indique la ventana de mantenimiento antes de enviar.',
      });
    if (end === null)
      return outcome(rule, change, 'endDate', false, evidence, {
        en: 'The planned end date is missing; set the maintenance window before submitting.',
        es: 'Falta la fecha de fin planificada; indique la ventana de mantenimiento antes de enviar.',
      });
    if (end <= start)
      return outcome(rule, change, 'endDate', false, evidence, {
        en: `The planned end (${change.endDate}) is not after the planned start (${change.startDate}); correct the window.`,
        es: `La fecha de fin (${change.endDate}) no es posterior a la de inicio (${change.startDate}); corrija la ventana.`,
      });
    if (start <= now.getTime())
      return outcome(rule, change, 'startDate', false, evidence, {
        en: `The planned start (${change.startDate}) is in the past; move the window to a future date.`,
        es: `La fecha de inicio planificada (${change.startDate}) ya ha pasado; mueva la ventana a una fecha futura.`,
      });
    return outcome(rule, change, 'startDate', true, evidence, PASSED);
  },
  lead_time: (rule, change, { now }) => {
    const byType = (rule.check.params.minHours ?? {}) as Record<string, number>;
    const minHours = Number(byType[change.type] ?? 0);
    const start = parse(change.startDate);
    const leadHours = start === null ? null : Math.floor((start - now.getTime()) / HOUR_MS);
    const passed = leadHours === null || leadHours >= minHours;
    return outcome(
      rule,
      change,
      'startDate',
      passed,
      { type: change.type, leadHours, minHours },
      {
        en: `The planned start is ${leadHours} hours away; a ${change.type} change needs at least ${minHours} hours of lead time. Move the start or raise it as an emergency change if it cannot wait.`,
        es: `El inicio planificado es dentro de ${leadHours} horas; un cambio ${change.type} necesita al menos ${minHours} horas de antelación. Retrase el inicio o regístrelo como cambio de emergencia si no puede esperar.`,
      },
    );
  },
  freeze_window: (rule, change) => {
    const from = Date.parse(`${String(rule.check.params.from)}T00:00:00Z`);
    const to = Date.parse(`${String(rule.check.params.to)}T00:00:00Z`);
    const name = String(rule.check.params.name ?? rule.title);
    const start = parse(change.startDate);
    const end = parse(change.endDate) ?? start;
    const overlaps = start !== null && end !== null && start < to && Math.max(start, end) > from;
    const evidence = {
      freeze: { from: rule.check.params.from, to: rule.check.params.to },
      startDate: change.startDate,
    };
    return outcome(rule, change, 'startDate', !overlaps, evidence, {
      en: `The window falls in the ${name} (${String(rule.check.params.from)} to ${String(rule.check.params.to)}); plan it after the freeze, or raise an emergency change approved by the ECAB.`,
      es: `La ventana cae en el periodo de congelación "${name}" (${String(rule.check.params.from)} a ${String(rule.check.params.to)}); planifíquela después, o registre un cambio de emergencia aprobado por el ECAB.`,
    });
  },
  ci_conflict: (rule, change, { conflicts }) => {
    const numbers = conflicts.map((c) => c.number);
    return outcome(
      rule,
      change,
      'startDate',
      conflicts.length === 0,
      { conflicts },
      {
        en: `The window overlaps ${numbers.join(', ')} on the same configuration item; coordinate with its owner or move the window.`,
        es: `La ventana se solapa con ${numbers.join(', ')} sobre el mismo elemento de configuración; coordine con su responsable o mueva la ventana.`,
      },
    );
  },
  max_duration: (rule, change) => {
    const maxHours = Number(rule.check.params.maxHours ?? 24);
    const start = parse(change.startDate);
    const end = parse(change.endDate);
    const hours = start === null || end === null ? null : (end - start) / HOUR_MS;
    return outcome(
      rule,
      change,
      'endDate',
      hours === null || hours <= maxHours,
      { hours, maxHours },
      {
        en: `The window lasts ${hours?.toFixed(1)} hours; at most ${maxHours} are allowed. Split the work or raise it as a normal change.`,
        es: `La ventana dura ${hours?.toFixed(1)} horas; se permiten como máximo ${maxHours}. Divida el trabajo o regístrelo como cambio normal.`,
      },
    );
  },
  risk_impact_consistency: (rule, change, { ciCriticality }) => {
    const inconsistent = change.risk === 'low' && change.impact === 1;
    return outcome(
      rule,
      change,
      'risk',
      !inconsistent,
      { risk: change.risk, impact: change.impact, ciCriticality },
      {
        en: `Risk is "low" but impact is 1 (high); reassess the risk or correct the impact.`,
        es: `El riesgo es "bajo" pero el impacto es 1 (alto); revise el riesgo o corrija el impacto.`,
      },
    );
  },
};

const PASSED = { en: '', es: '' } as const;

function outcome(
  rule: ValidationRule,
  change: ChangeRequest,
  field: string,
  passed: boolean,
  evidence: Record<string, unknown>,
  failMessage: Readonly<Record<Language, string>>,
): RuleOutcome {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    passed,
    decided: true,
    field: serviceNowField(field),
    message: passed ? passedMessage(rule, change.language) : failMessage[change.language],
    evidence: { kind: rule.check.kind, decided: true, ...evidence },
  };
}

/** The message of a passed rule. */
export function passedMessage(rule: ValidationRule, language: Language): string {
  return language === 'es' ? `Cumple: ${rule.title}.` : `Passed: ${rule.title}.`;
}

function parse(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
