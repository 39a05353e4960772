import { z } from 'zod';
import { getChangeValidation } from '../shared/db/change-validations';
import { logger } from '../shared/observability';
import { loadValidationSubject } from './change-input';
import { validateAndStore } from './content-validator';
import type { ChangeValidationDependencies } from './dependencies';
import { assessChangeModel } from './model-analyst';
import { parkForReview, transitionPhase } from './phase-transition';
import { type ChangeValidationStep, recordStep } from './progress';
import { extractRules } from './rule-extractor';
import { toStepFunctionsError } from './step-errors';

/** What every state passes on: ids only (the change's text stays in the database). */
export const ExecutionInputSchema = z.object({
  validationId: z.uuid(),
  correlationId: z.string().min(1),
  changeNumber: z.string().min(1),
});
export type ExecutionInput = z.infer<typeof ExecutionInputSchema>;

/** Rule Extractor: in the execution input; out the applying rule ids and nearest passages. */
export const RuleExtractorInputSchema = ExecutionInputSchema;
export const RuleExtractorOutputSchema = z.object({
  ruleIds: z.array(z.string()),
  passages: z.array(z.object({ ruleId: z.string(), score: z.number(), applies: z.boolean() })),
  catalogueSize: z.number().int(),
});

/** Content Validator: in the rule ids; out the counts (findings are stored on the job). */
export const ContentValidatorInputSchema = ExecutionInputSchema.extend({ ruleIds: z.array(z.string()) });
export const ContentValidatorOutputSchema = z.object({
  evaluated: z.number().int(),
  failedBlockers: z.number().int(),
  failedWarnings: z.number().int(),
  undecidedBlockers: z.number().int(),
});

const CandidateSchema = z.object({ sysId: z.string(), name: z.string(), score: z.number() });
/** AIM Model Analyst: out the model assessment. */
export const ModelAnalystInputSchema = ExecutionInputSchema;
export const ModelAssessmentSchema = z.object({
  chosen: CandidateSchema.extend({ changeType: z.string().nullable() }).nullable(),
  fits: z.boolean().nullable(),
  recommended: CandidateSchema.extend({ confidence: z.number() }).nullable(),
  alternatives: z.array(CandidateSchema),
  typeMatches: z.boolean().nullable(),
  reason: z.string(),
});

/** Phase Transition: in the model assessment, or the failure the Catch recorded. */
export const PhaseTransitionInputSchema = ExecutionInputSchema.extend({
  modelAssessment: ModelAssessmentSchema.nullable().default(null),
  failure: z.object({ Error: z.string(), Cause: z.string().default('') }).optional(),
});
export const PhaseTransitionOutputSchema = z.object({
  verdict: z.enum(['ready', 'needs_changes', 'needs_review']),
  transitionApplied: z.boolean(),
  failedBlockers: z.number().int(),
  failedWarnings: z.number().int(),
});

/** One agent as a Lambda sees it: a JSON event in, a JSON result out. */
export type AgentHandler = (event: unknown) => Promise<unknown>;

/** The four agents' adapters over injected dependencies (the same in AWS and locally). */
export interface AgentHandlers {
  readonly ruleExtractor: AgentHandler;
  readonly contentValidator: AgentHandler;
  readonly modelAnalyst: AgentHandler;
  readonly phaseTransition: AgentHandler;
}

/**
 * Builds the agents' adapters: parse the event with zod, record the step's progress
 * on the job, call the core function, and map a throw to a Step Functions error name.
 */
export function createAgentHandlers(deps: ChangeValidationDependencies): AgentHandlers {
  const step =
    <I extends ExecutionInput, O>(name: ChangeValidationStep, schema: z.ZodType<I>, run: (input: I) => Promise<O>) =>
    async (event: unknown): Promise<O> => {
      const startedAt = new Date().toISOString();
      let input: I | undefined;
      try {
        input = schema.parse(event);
        logger.appendKeys({ correlationId: input.correlationId, validationId: input.validationId, agent: name });
        await recordStep(deps.db, input.validationId, name, { status: 'running', startedAt });
        const output = await run(input);
        await recordStep(deps.db, input.validationId, name, {
          status: 'succeeded',
          startedAt,
          finishedAt: new Date().toISOString(),
          summary: output,
        });
        return output;
      } catch (error) {
        const mapped = toStepFunctionsError(error);
        logger.error('change validation step failed', { step: name, error });
        if (input !== undefined)
          await recordStep(deps.db, input.validationId, name, {
            status: 'failed',
            startedAt,
            finishedAt: new Date().toISOString(),
            error: `${mapped.name}: ${mapped.message}`,
          }).catch(() => undefined);
        throw mapped;
      } finally {
        logger.removeKeys(['correlationId', 'validationId', 'agent']);
      }
    };

  return {
    ruleExtractor: step('rule-extractor', RuleExtractorInputSchema, async (input) => {
      const { change } = await loadValidationSubject(deps.db, input.validationId);
      return RuleExtractorOutputSchema.parse(await extractRules(deps, change));
    }),
    contentValidator: step('content-validator', ContentValidatorInputSchema, async (input) => {
      const { change } = await loadValidationSubject(deps.db, input.validationId);
      return validateAndStore(deps, input.validationId, change, input.ruleIds, input.correlationId);
    }),
    modelAnalyst: step('aim-model-analyst', ModelAnalystInputSchema, async (input) => {
      const { change } = await loadValidationSubject(deps.db, input.validationId);
      return ModelAssessmentSchema.parse(await assessChangeModel(deps, change));
    }),
    phaseTransition: step('phase-transition', PhaseTransitionInputSchema, async (input) => {
      const result =
        input.failure === undefined
          ? await transitionPhase(deps, {
              validationId: input.validationId,
              change: (await loadValidationSubject(deps.db, input.validationId)).change,
              modelAssessment: input.modelAssessment,
            })
          : await parkAfterFailure(deps, input.validationId, input.failure);
      return PhaseTransitionOutputSchema.parse({
        verdict: result.verdict,
        transitionApplied: result.transition.applied,
        failedBlockers: result.summary.failedBlockers,
        failedWarnings: result.summary.failedWarnings,
      });
    }),
  };
}

async function parkAfterFailure(
  deps: ChangeValidationDependencies,
  validationId: string,
  failure: { readonly Error: string; readonly Cause: string },
) {
  const job = await getChangeValidation(deps.db, validationId);
  const change = await loadValidationSubject(deps.db, validationId)
    .then((s) => s.change)
    .catch(() => null);
  return parkForReview(deps, {
    validationId,
    change,
    changeSysId: job?.changeSysId ?? change?.sysId ?? '',
    failure: { error: failure.Error, cause: causeMessage(failure.Cause) },
  });
}

// Step Functions hands a Lambda error's Cause as JSON {errorMessage, errorType, …}.
function causeMessage(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : cause;
  } catch {
    return cause;
  }
}
