import { z } from 'zod';
import {
  type ChangeValidation,
  openChangeValidationStep,
  recordChangeValidationStep,
  type StatementPart,
  type ValidationFinding,
} from '../shared/db/change-validations';
import { AppError } from '../shared/errors';
import type { InferenceCallRecord } from '../shared/inference/accounting';
import { logger, withLogKeys } from '../shared/observability';
import type { ChangeRequest } from '../shared/records';
import type { Catalogues } from './catalogue';
import { changeOf } from './change-input';
import { type CheckFacts, checkContextSql, validateContent } from './content-validator';
import type { ChangeValidationDependencies } from './dependencies';
import { countFindings } from './finding';
import { assessChangeModel, modelCandidatesOf, modelCandidatesSql } from './model-analyst';
import { parkForReview, transitionPhase } from './phase-transition';
import type { ChangeValidationStep } from './progress';
import { ciClassSql, extractRules } from './rule-extractor';
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
  ranking: z
    .object({ by: z.enum(['vector', 'model']), modelId: z.string().optional(), fallback: z.string().optional() })
    .default({ by: 'vector' }),
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

/** What a step runs on: the job as its opening statement read it. */
interface StepContext {
  readonly validation: ChangeValidation;
  /** False when the job had already ended before this step started. */
  readonly open: boolean;
  /** The stored findings, when the opening statement read them (the Phase Transition). */
  readonly findings?: ValidationFinding[];
  /** What the step's `along` expression read with the opening statement, when it did. */
  readonly along?: { readonly value: unknown };
  /** The change the job validates; throws when the delivery cannot be read as one. */
  change(): ChangeRequest;
  /** The catalogues at the versions the opening statement reported. */
  catalogues(): Promise<Catalogues>;
}

/** A step's result and what to write with its progress in the same statement. */
interface StepResult<O> {
  readonly output: O;
  /** The findings to store with the step's progress (in the same statement). */
  readonly findings?: readonly ValidationFinding[];
  /** The step ended the job itself (its progress is in the job's final result). */
  readonly endedJob?: boolean;
}

/**
 * Builds the agents' adapters: parse the event with zod, open the step on the job (one
 * statement records it running and reads the job and the catalogues' versions), call
 * the core function, record the step with what it writes (one statement), and map a
 * throw to a Step Functions error name.
 */
export function createAgentHandlers(deps: ChangeValidationDependencies): AgentHandlers {
  const step =
    <I extends ExecutionInput, O>(
      name: ChangeValidationStep,
      schema: z.ZodType<I>,
      run: (input: I, context: StepContext) => Promise<StepResult<O>>,
      along?: (input: I, change: ChangeRequest) => Promise<StatementPart | null>,
    ) =>
    // Each invocation logs in its own scope: locally many run at once in one process.
    (event: unknown): Promise<O> =>
      withLogKeys({ agent: name }, async () => {
        const startedAt = new Date().toISOString();
        let input: I | undefined;
        try {
          input = schema.parse(event);
          logger.appendKeys({ correlationId: input.correlationId, validationId: input.validationId });
          const validationId = input.validationId;
          let change = deps.changes?.get(validationId);
          const last = name === 'phase-transition';
          // With the change already known here, what the agent reads next comes with the opening statement.
          const alongSql = change === undefined || along === undefined ? null : await along(input, change);
          const opened = await openChangeValidationStep(
            deps.db,
            validationId,
            name,
            { status: 'running', startedAt },
            {
              request: change === undefined,
              result: last,
              findings: last,
              ...(alongSql === null ? {} : { along: alongSql }),
            },
          );
          if (opened === null)
            throw new AppError('NOT_FOUND', `Change validation ${validationId} does not exist; nothing to validate.`);
          const result = await run(input, {
            validation: opened.validation,
            open: opened.open,
            ...(opened.findings === undefined ? {} : { findings: opened.findings }),
            ...('along' in opened ? { along: { value: opened.along } } : {}),
            change: () => {
              if (change === undefined) {
                change = changeOf(opened.validation);
                deps.changes?.set(validationId, change);
              }
              return change;
            },
            catalogues: () => deps.catalogues.get(deps.db, opened.versions),
          });
          const calls = heldCalls(deps, input.correlationId, name);
          // A step that ended the job has its progress in the final result; only its held calls remain to write.
          if (result.endedJob !== true || calls.length > 0)
            await recordChangeValidationStep(
              deps.db,
              input.validationId,
              name,
              { status: 'succeeded', startedAt, finishedAt: new Date().toISOString(), summary: result.output },
              calls,
              result.findings,
            );
          return result.output;
        } catch (error) {
          const mapped = toStepFunctionsError(error);
          logger.error('change validation step failed', { step: name, error });
          if (input !== undefined)
            await recordChangeValidationStep(
              deps.db,
              input.validationId,
              name,
              {
                status: 'failed',
                startedAt,
                finishedAt: new Date().toISOString(),
                error: `${mapped.name}: ${mapped.message}`,
              },
              heldCalls(deps, input.correlationId, name),
            ).catch(() => undefined);
          throw mapped;
        }
      });

  return {
    ruleExtractor: step(
      'rule-extractor',
      RuleExtractorInputSchema,
      async (_input, context) => ({
        output: RuleExtractorOutputSchema.parse(
          await extractRules(
            deps,
            context.change(),
            await context.catalogues(),
            context.along === undefined ? undefined : { ciClass: (context.along.value ?? null) as string | null },
          ),
        ),
      }),
      async (_input, change) => (change.cmdbCi === null ? null : ciClassSql(change.cmdbCi)),
    ),
    contentValidator: step(
      'content-validator',
      ContentValidatorInputSchema,
      async (input, context) => {
        const outcomes = await validateContent(
          deps,
          context.change(),
          input.ruleIds,
          input.correlationId,
          await context.catalogues(),
          context.along === undefined ? undefined : (context.along.value as CheckFacts | null),
        );
        const findings = outcomes.map(({ decided: _decided, ...finding }) => finding);
        return { output: countFindings(outcomes), findings };
      },
      async (_input, change) => (change.cmdbCi === null ? null : checkContextSql(change)),
    ),
    modelAnalyst: step(
      'aim-model-analyst',
      ModelAnalystInputSchema,
      async (input, context) => ({
        output: ModelAssessmentSchema.parse(
          await assessChangeModel(
            deps,
            context.change(),
            await context.catalogues(),
            input.correlationId,
            context.along === undefined ? undefined : modelCandidatesOf(context.along.value),
          ),
        ),
      }),
      (_input, change) => modelCandidatesSql(deps, change),
    ),
    phaseTransition: step('phase-transition', PhaseTransitionInputSchema, async (input, context) => {
      const result =
        input.failure === undefined
          ? await transitionPhase(deps, {
              validationId: input.validationId,
              validation: context.validation,
              change: context.change(),
              modelAssessment: input.modelAssessment,
              ...(context.findings === undefined ? {} : { findings: context.findings }),
            })
          : await parkForReview(deps, {
              validationId: input.validationId,
              validation: context.validation,
              change: readableChange(context),
              ...(context.findings === undefined ? {} : { findings: context.findings }),
              failure: { error: input.failure.Error, cause: causeMessage(input.failure.Cause) },
            });
      return {
        output: PhaseTransitionOutputSchema.parse({
          verdict: result.verdict,
          transitionApplied: result.transition.applied,
          failedBlockers: result.summary.failedBlockers,
          failedWarnings: result.summary.failedWarnings,
        }),
        endedJob: true,
      };
    }),
  };
}

function heldCalls(deps: ChangeValidationDependencies, correlationId: string, agent: string): InferenceCallRecord[] {
  return deps.ledger === undefined ? [] : deps.ledger.take(correlationId, agent);
}

// On the failure path the delivery itself may be what failed; the note then goes out in English.
function readableChange(context: StepContext): ChangeRequest | null {
  try {
    return context.change();
  } catch {
    return null;
  }
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
