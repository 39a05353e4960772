import type { Queryable } from '../shared/db/pool';

/** The four agents, in the order the state machine runs them. */
export const CHANGE_VALIDATION_STEPS = [
  'rule-extractor',
  'content-validator',
  'aim-model-analyst',
  'phase-transition',
] as const;
export type ChangeValidationStep = (typeof CHANGE_VALIDATION_STEPS)[number];

/** One step's progress as GET shows it under `result.steps`. */
export interface StepProgress {
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly attempts: number;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly summary?: unknown;
  readonly error?: string;
}

/**
 * Records a step's progress on the job row (`result.steps.<step>`) while the job is
 * open, moving it from accepted to running. A finished job is left as it is.
 */
export async function recordStep(
  db: Queryable,
  validationId: string,
  step: ChangeValidationStep,
  progress: Omit<StepProgress, 'attempts'>,
): Promise<void> {
  await db.query(
    `UPDATE change_validations
        SET status = 'running', updated_at = now(),
            result = coalesce(result, '{}'::jsonb) || jsonb_build_object('steps',
              coalesce(result->'steps', '{}'::jsonb) || jsonb_build_object($2::text,
                $3::jsonb || jsonb_build_object('attempts',
                  coalesce((result->'steps'->$2->>'attempts')::int, 0) + (CASE WHEN $3::jsonb->>'status' = 'running' THEN 1 ELSE 0 END))))
      WHERE id = $1 AND status IN ('accepted', 'running')`,
    [validationId, step, JSON.stringify(progress)],
  );
}
