import { AppError } from '../errors';
import { type CallContext, createOperationRunner, type InferenceOptions, type InferenceResult } from './gateway';
import type { ClassifyOutput, ClassifyRequest } from './operations/classify';
import type { ExtractOutput, ExtractRequest } from './operations/extract';
import type { JudgeOutput, JudgeRequest } from './operations/judge';
import type { OperationOutputs, OperationRequest } from './operations/operation';
import type { RankOutput, RankRequest } from './operations/rank';
import type { SummariseOutput, SummariseRequest } from './operations/summarise';

/** An operation's input as an agent writes it: who asks (agent, request, alias) and the task. */
export type OperationInput<R extends OperationRequest> = CallContext & Omit<R, 'kind'>;

/**
 * The one way agents ask for intelligence. Each method returns a validated answer or
 * a typed failure (`INVALID_OUTPUT`, `BUDGET_EXCEEDED`, `GUARDRAIL_INTERVENED`, …)
 * the agent turns into "parked for human review"; it never returns unchecked output.
 */
export interface Inference {
  /** One of the allowed labels, voted or chosen from labelled examples. */
  classify(input: OperationInput<ClassifyRequest>): Promise<InferenceResult<ClassifyOutput>>;
  /** pass / fail / unknown for a record against a rule, with evidence. */
  judge(input: OperationInput<JudgeRequest>): Promise<InferenceResult<JudgeOutput>>;
  /** Slots filled from a message with allowed values (or pattern matches), evidence quoted. */
  extract(input: OperationInput<ExtractRequest>): Promise<InferenceResult<ExtractOutput>>;
  /** Candidates ordered best first. */
  rank(input: OperationInput<RankRequest>): Promise<InferenceResult<RankOutput>>;
  /** A short summary. */
  summarise(input: OperationInput<SummariseRequest>): Promise<InferenceResult<SummariseOutput>>;
  /** Fails at start-up when an alias an agent names is not configured. */
  requireAliases(names: readonly string[]): void;
  /** The configured aliases. */
  readonly aliases: readonly string[];
}

/** Builds the inference layer over the given providers and ledger (see {@link createOperationRunner}). */
export function createInference(options: InferenceOptions): Inference {
  const run = createOperationRunner(options);
  const split = <R extends OperationRequest>(
    kind: R['kind'],
    input: OperationInput<R>,
  ): Promise<InferenceResult<OperationOutputs[R['kind']]>> => {
    const { agent, requestId, alias, ...task } = input;
    return run({ agent, requestId, alias }, { ...task, kind } as unknown as R);
  };
  const aliases = Object.keys(options.settings.aliases);
  return {
    aliases,
    classify: (input) => split<ClassifyRequest>('classify', input),
    judge: (input) => split<JudgeRequest>('judge', input),
    extract: (input) => split<ExtractRequest>('extract', input),
    rank: (input) => split<RankRequest>('rank', input),
    summarise: (input) => split<SummariseRequest>('summarise', input),
    requireAliases(names) {
      const missing = names.filter((name) => !aliases.includes(name));
      if (missing.length > 0)
        throw new AppError(
          'INTERNAL',
          `Model aliases ${missing.map((m) => `"${m}"`).join(', ')} are not configured (MODEL_ALIASES); configured: ${aliases.join(', ')}.`,
        );
    },
  };
}
