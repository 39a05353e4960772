import type { ValidationFinding } from '../shared/db/change-validations';
import type { Language } from '../shared/records';
import type { FindingCounts } from './finding';
import type { ModelAssessment } from './model-analyst';
import type { TransitionCode, TransitionOutcome } from './phase-transition';

/** What a work note reports. */
export interface ValidationOutcome {
  readonly verdict: 'ready' | 'needs_changes' | 'needs_review';
  readonly summary: FindingCounts;
  readonly findings: readonly ValidationFinding[];
  readonly modelAssessment: ModelAssessment | null;
  readonly transition: Pick<TransitionOutcome, 'applied' | 'from' | 'to' | 'code' | 'reason'>;
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
    verdicts: { ready: 'READY', needs_changes: 'NEEDS CHANGES', needs_review: 'NEEDS REVIEW' },
    states: { '-5': 'New', '-4': 'Assess', '-3': 'Authorize', '-2': 'Scheduled' } as Record<string, string>,
    transition: {
      moved: (to: string) => `moved from New to ${to}.`,
      verdict: (verdict: string) => `not moved: the verdict is ${verdict}.`,
      auto_off: () => 'not moved: auto-transition is off.',
      not_in_new: (from: string) =>
        `not moved: the change is no longer in New (state ${from}); the verdict is only noted.`,
      not_finished: () => 'not moved: the validation did not finish.',
    } satisfies Record<TransitionCode, (value: string) => string>,
    noModel: (closest: string) => `no change model chosen; the closest is ${closest}.`,
    fits: (chosen: string) => `${chosen} fits what the change does.`,
    misfits: (chosen: string, best: string) =>
      `${chosen} is not among the models closest to what the change does; ${best} fits better.`,
    reranked: (model: string) => `Ranked by ${model} over the vector candidates.`,
    rerankFailed: (reason: string) => `The model re-rank failed (${reason}); the vector ranking is kept.`,
    none: 'none',
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
    verdicts: { ready: 'LISTO', needs_changes: 'REQUIERE CAMBIOS', needs_review: 'REQUIERE REVISIÓN' },
    states: { '-5': 'Nuevo', '-4': 'Evaluar', '-3': 'Autorizar', '-2': 'Programado' } as Record<string, string>,
    transition: {
      moved: (to: string) => `pasa de Nuevo a ${to}.`,
      verdict: (verdict: string) => `no se mueve: el resultado es ${verdict}.`,
      auto_off: () => 'no se mueve: la transición automática está desactivada.',
      not_in_new: (from: string) =>
        `no se mueve: el cambio ya no está en Nuevo (estado ${from}); el resultado solo se anota.`,
      not_finished: () => 'no se mueve: la validación no terminó.',
    } satisfies Record<TransitionCode, (value: string) => string>,
    noModel: (closest: string) => `no se eligió modelo de cambio; el más cercano es ${closest}.`,
    fits: (chosen: string) => `${chosen} se ajusta a lo que hace el cambio.`,
    misfits: (chosen: string, best: string) =>
      `${chosen} no está entre los modelos más cercanos a lo que hace el cambio; ${best} encaja mejor.`,
    reranked: (model: string) => `Ordenado por ${model} sobre los candidatos vectoriales.`,
    rerankFailed: (reason: string) =>
      `La reordenación por el modelo falló (${reason}); se mantiene el orden vectorial.`,
    none: 'ninguno',
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
  if (model !== null) lines.push(...modelLines(language, model));
  lines.push(`${t.moved}: ${transitionLine(language, outcome)}`);
  return lines.join('\n');
}

function modelLines(language: Language, model: ModelAssessment): string[] {
  const t = TEXT[language];
  const best = model.recommended?.name ?? t.none;
  const line =
    model.chosen === null
      ? t.noModel(best)
      : model.fits === false
        ? t.misfits(model.chosen.name, best)
        : t.fits(model.chosen.name);
  const lines = [`${t.model}: ${line}`];
  const ranking = model.ranking;
  if (ranking?.by === 'model') lines.push(t.reranked(ranking.modelId ?? 'model'));
  if (ranking?.fallback !== undefined) lines.push(t.rerankFailed(ranking.fallback));
  return lines;
}

function transitionLine(language: Language, outcome: ValidationOutcome): string {
  const t = TEXT[language];
  const { code, from, to } = outcome.transition;
  const state = (value: string | null) => (value === null ? '' : `${t.states[value] ?? value} (${value})`);
  if (code === 'moved') return t.transition.moved(state(to));
  if (code === 'verdict') return t.transition.verdict(t.verdicts[outcome.verdict]);
  if (code === 'not_in_new') return t.transition.not_in_new(from ?? '');
  return code === 'auto_off' ? t.transition.auto_off() : t.transition.not_finished();
}
