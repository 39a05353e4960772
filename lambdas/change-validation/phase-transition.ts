import {
  type ChangeValidation,
  finishChangeValidation,
  listValidationFindings,
  type ValidationFinding,
  type ValidationVerdict,
} from '../shared/db/change-validations';
import { CHANGE_STATES, type ChangeRequest, type ChangeType, type Language } from '../shared/records';
import type { ChangeValidationDependencies } from './dependencies';
import { countFindings, type FindingCounts } from './finding';
import type { ModelAssessment } from './model-analyst';
import { type ValidationOutcome, workNote } from './work-note';

/** The three outcomes of a validation. */
export const CHANGE_VERDICTS = ['ready', 'needs_changes', 'needs_review'] as const;
export type ChangeVerdict = (typeof CHANGE_VERDICTS)[number];

/** Where a `ready` change goes from New, by type (ServiceNow state values). */
export const AUTO_TRANSITION_TARGET: Readonly<Record<ChangeType, keyof typeof CHANGE_STATES>> = {
  normal: 'assess',
  emergency: 'authorize',
  standard: 'scheduled',
};

/** Why the change's state moved or not (the work note words it in the change's language). */
export type TransitionCode = 'moved' | 'verdict' | 'auto_off' | 'not_in_new' | 'not_finished';

/** What happened to the change's state. */
export interface TransitionOutcome {
  readonly applied: boolean;
  readonly from: string | null;
  readonly to: string | null;
  readonly code: TransitionCode;
  readonly reason: string;
}

/** The result a validation ends with; stored on the job and served as `result`. */
export interface ValidationResult {
  readonly verdict: ChangeVerdict;
  readonly summary: FindingCounts;
  readonly findings: ValidationFinding[];
  readonly modelAssessment: ModelAssessment | null;
  readonly transition: TransitionOutcome;
  readonly reason?: string;
  /** Per-step progress (see progress.ts). */
  readonly steps?: Record<string, unknown>;
}

/** The verdict from the findings: a failed blocker sends the change back; an undecided blocker to a person. */
export function decideVerdict(counts: FindingCounts): ChangeVerdict {
  if (counts.failedBlockers > 0) return 'needs_changes';
  if (counts.undecidedBlockers > 0) return 'needs_review';
  return 'ready';
}

/** The job row's verdict column (pass / warn / fail / review) for a verdict. */
export function storedVerdict(verdict: ChangeVerdict, counts: FindingCounts): ValidationVerdict {
  if (verdict === 'needs_changes') return 'fail';
  if (verdict === 'ready') return counts.failedWarnings > 0 ? 'warn' : 'pass';
  return 'review';
}

/**
 * Decides the outcome from the stored findings, writes it to ServiceNow (a work note
 * listing the findings, and the state change when auto-transition is on and the
 * change is still in New) and ends the job. A job already ended returns its stored
 * result and writes nothing again.
 */
export async function transitionPhase(
  deps: ChangeValidationDependencies,
  input: {
    readonly validationId: string;
    /** The job as this step read it. */
    readonly validation: ChangeValidation;
    readonly change: ChangeRequest;
    readonly modelAssessment: ModelAssessment | null;
    /** The stored findings, when already read. @default read here */
    readonly findings?: ValidationFinding[];
  },
): Promise<ValidationResult> {
  const { ended, steps } = jobState(input.validation);
  if (ended !== null) return ended;
  const findings = input.findings ?? (await listValidationFindings(deps.db, input.validationId));
  const summary = countFindings(findings);
  const verdict = decideVerdict(summary);
  const transition = await applyTransition(deps, input.change, verdict);
  const result: ValidationResult = {
    verdict,
    summary,
    findings,
    modelAssessment: input.modelAssessment,
    transition,
    steps: finalSteps(steps, 'succeeded', deps.now),
  };
  await writeOutcome(deps, input.change, { ...result, failed: null });
  const job = await finishChangeValidation(
    deps.db,
    input.validationId,
    verdict === 'needs_review'
      ? {
          status: 'parked',
          reason: 'A blocker could not be decided automatically; a reviewer must confirm it.',
          result,
          verdict: 'review',
        }
      : { status: 'completed', verdict: storedVerdict(verdict, summary), result },
  );
  if (job !== null) deps.onEnded?.({ ...job, findings });
  return result;
}

/**
 * The end of the failure path: an agent kept failing, so the change needs a person.
 * Records the reason on the job (parked, findings so far kept) and tells ServiceNow.
 */
export async function parkForReview(
  deps: ChangeValidationDependencies,
  input: {
    readonly validationId: string;
    /** The job as this step read it. */
    readonly validation: ChangeValidation;
    /** The change, when its delivery could be read. */
    readonly change: ChangeRequest | null;
    readonly failure: { readonly error: string; readonly cause: string };
    /** The stored findings, when already read. @default read here */
    readonly findings?: ValidationFinding[];
  },
): Promise<ValidationResult> {
  const { ended, steps } = jobState(input.validation);
  if (ended !== null) return ended;
  const findings = input.findings ?? (await listValidationFindings(deps.db, input.validationId));
  const reason = `The validation could not finish (${input.failure.error}: ${input.failure.cause}); a person must review the change.`;
  const result: ValidationResult = {
    verdict: 'needs_review',
    summary: countFindings(findings),
    findings,
    modelAssessment: null,
    transition: {
      applied: false,
      from: null,
      to: null,
      code: 'not_finished',
      reason: 'Not moved: the validation did not finish.',
    },
    reason,
    steps,
  };
  const language: Language = input.change?.language ?? 'en';
  await deps.serviceNow.addWorkNote(
    'change_request',
    input.validation.changeSysId,
    workNote(language, { ...result, failed: input.failure }),
  );
  const job = await finishChangeValidation(deps.db, input.validationId, {
    status: 'parked',
    reason,
    result,
    verdict: 'review',
  });
  if (job !== null) deps.onEnded?.({ ...job, findings });
  return result;
}

// The stored result when the job has ended (a retry writes nothing again), else the steps so far.
function jobState(job: ChangeValidation): { ended: ValidationResult | null; steps: Record<string, unknown> } {
  const stored = (job.result ?? null) as Partial<ValidationResult> | null;
  const steps = (stored?.steps ?? {}) as Record<string, unknown>;
  if (['accepted', 'running'].includes(job.status) || stored?.verdict === undefined) return { ended: null, steps };
  return { ended: stored as ValidationResult, steps };
}

// The phase transition's own step is recorded in the result it finishes the job with.
function finalSteps(steps: Record<string, unknown>, status: 'succeeded', now: () => Date): Record<string, unknown> {
  const own = (steps['phase-transition'] ?? {}) as Record<string, unknown>;
  return { ...steps, 'phase-transition': { ...own, status, finishedAt: now().toISOString() } };
}

async function applyTransition(
  deps: ChangeValidationDependencies,
  change: ChangeRequest,
  verdict: ChangeVerdict,
): Promise<TransitionOutcome> {
  const target = AUTO_TRANSITION_TARGET[change.type];
  if (verdict !== 'ready')
    return { applied: false, from: null, to: null, code: 'verdict', reason: `Not moved: the verdict is ${verdict}.` };
  if (!deps.settings.autoTransition)
    return { applied: false, from: null, to: null, code: 'auto_off', reason: 'Not moved: auto-transition is off.' };
  const current = await deps.serviceNow.getRecord('change_request', change.sysId, { fields: ['state'] });
  const state = String(current?.state ?? '');
  if (state !== String(CHANGE_STATES.new))
    return {
      applied: false,
      from: state,
      to: null,
      code: 'not_in_new',
      reason: `Not moved: the change is no longer in New (state ${state}); the verdict is only noted.`,
    };
  return {
    applied: true,
    from: String(CHANGE_STATES.new),
    to: String(CHANGE_STATES[target]),
    code: 'moved',
    reason: `Moved from New to ${target} (${CHANGE_STATES[target]}), as a ${change.type} change allows.`,
  };
}

async function writeOutcome(deps: ChangeValidationDependencies, change: ChangeRequest, outcome: ValidationOutcome) {
  const note = workNote(change.language, outcome);
  if (outcome.transition.applied && outcome.transition.to !== null)
    await deps.serviceNow.setState('change_request', change.sysId, outcome.transition.to, note);
  else await deps.serviceNow.addWorkNote('change_request', change.sysId, note);
}
