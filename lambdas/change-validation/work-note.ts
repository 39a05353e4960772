import type { ValidationFinding } from '../shared/db/change-validations';
import type { Language } from '../shared/records';
import type { FindingCounts } from './finding';
import type { ModelAssessment } from './model-analyst';

/** What a work note reports. */
export interface ValidationOutcome {
  readonly verdict: 'ready' | 'needs_changes' | 'needs_review';
  readonly summary: FindingCounts;
  readonly findings: readonly ValidationFinding[];
  readonly modelAssessment: ModelAssessment | null;
  readonly transition: { readonly applied: boolean; readonly to: string | null; readonly reason: string };
  /** Set on the failure path. */
  readonly failed: { readonly error: string; readonly cause: string } | null;
}

const TEXT = {
  en: {
    title: 'Switchyard change validation',
    ready: 'Verdict: READY — no blocker failed.',
    needs_changes: 'Verdict: NEEDS CHANGES — fix the blockers below and submit again.',
    needs_review: 'Verdict: NEEDS REVIEW — the checks could not decide; a change manager must review this change.',
    failed: 'The validation could not finish',
    blockers: 'Blockers',
    warnings: 'Warnings',
    undecided: 'To confirm by a reviewer',
    model: 'Change model',
    moved: 'State',
    passed: 'rules passed',
  },
  es: {
    title: 'Validación de cambio de Switchyard',
    ready: 'Resultado: LISTO — no falla ninguna regla bloqueante.',
    needs_changes: 'Resultado: REQUIERE CAMBIOS — corrija los bloqueos siguientes y vuelva a enviarlo.',
    needs_review:
      'Resultado: REQUIERE REVISIÓN — las comprobaciones no pudieron decidir; un gestor de cambios debe revisarlo.',
    failed: 'La validación no pudo terminar',
    blockers: 'Bloqueos',
    warnings: 'Avisos',
    undecided: 'A confirmar por un revisor',
    model: 'Modelo de cambio',
    moved: 'Estado',
    passed: 'reglas cumplidas',
  },
} as const;

/** The work note listing the findings, in the change's language (plain text; ServiceNow journals it). */
export function workNote(language: Language, outcome: ValidationOutcome): string {
  const t = TEXT[language];
  const lines: string[] = [`[${t.title}]`, t[outcome.verdict]];
  if (outcome.failed !== null) lines.push(`${t.failed}: ${outcome.failed.error} — ${outcome.failed.cause}`);
  const failed = outcome.findings.filter((f) => !f.passed);
  const section = (title: string, items: readonly ValidationFinding[]) => {
    if (items.length === 0) return;
    lines.push('', `${title}:`);
    for (const f of items) lines.push(`- ${f.ruleId}${f.field === null ? '' : ` (${f.field})`}: ${f.message}`);
  };
  const undecided = (f: ValidationFinding) => f.evidence.decided === false;
  section(
    t.blockers,
    failed.filter((f) => f.severity === 'blocker' && !undecided(f)),
  );
  section(t.undecided, failed.filter(undecided));
  section(
    t.warnings,
    failed.filter((f) => f.severity === 'warning' && !undecided(f)),
  );
  lines.push('', `${outcome.findings.length - failed.length}/${outcome.findings.length} ${t.passed}.`);
  const model = outcome.modelAssessment;
  if (model !== null) lines.push(`${t.model}: ${model.reason}`);
  lines.push(`${t.moved}: ${outcome.transition.reason}`);
  return lines.join('\n');
}
