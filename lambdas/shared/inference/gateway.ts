import { RuntimeConfigError } from '../config';
import { hashAgentInput } from '../db/agent-runs';
import type { SpendScope } from '../db/inference-spend';
import { AppError } from '../errors';
import { logger } from '../observability';
import { estimateCostUsd, type InferenceLedger, utcDay } from './accounting';
import { createPowertoolsInferenceMetrics, type InferenceMetrics } from './metrics';
import { checkOutput, type OperationOutputs, type OperationRequest, OUTPUT_SCHEMAS } from './operations/operation';
import { runOperation } from './operations/run-operation';
import { buildPrompt, type Prompt } from './prompts';
import { type GuardrailIntervention, type Provider, ProviderError, type ProviderReply } from './providers/provider';
import { aliasProblems, type InferenceSettings, type ModelAlias, type ModelProvider } from './settings';

/** Who asks, for which job, through which alias. */
export interface CallContext {
  /** The agent's name, e.g. `tag-classifier`; budgets and the audit trail are kept per agent. */
  readonly agent: string;
  /** The job's correlation id. */
  readonly requestId: string;
  /** The model alias the agent names, e.g. `fast`. */
  readonly alias: string;
}

/** Why an operation gave no answer. Each is a value the caller handles (the job parks for review). */
export type InferenceFailureReason =
  | 'INVALID_OUTPUT'
  | 'BUDGET_EXCEEDED'
  | 'GUARDRAIL_INTERVENED'
  | 'THROTTLED'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'PROVIDER_FAILED';

/** A validated answer and where it came from. */
export interface InferenceSuccess<T> {
  readonly ok: true;
  readonly value: T;
  /** The alias that answered (the fallback when the named one was throttled or over budget). */
  readonly alias: string;
  readonly provider: ModelProvider;
  readonly modelId: string;
  /** Provider calls made, retries and fallbacks included. */
  readonly calls: number;
  /** Set when a guardrail masked part of the exchange but the answer stood. */
  readonly guardrail: GuardrailIntervention | null;
}

/** No usable answer, with a reason and a message a person can act on. */
export interface InferenceFailure {
  readonly ok: false;
  readonly reason: InferenceFailureReason;
  readonly message: string;
  /** The aliases tried, in order. */
  readonly aliases: readonly string[];
  readonly calls: number;
}

/** The outcome of an operation. */
export type InferenceResult<T> = InferenceSuccess<T> | InferenceFailure;

/** The throttling policy. */
export interface RetryPolicy {
  /** Attempts on throttling when the alias has no fallback. @default 4 */
  readonly maxThrottleAttempts: number;
  /** First backoff ceiling; doubles per attempt, full jitter. @default 250 */
  readonly baseDelayMs: number;
  /** Backoff ceiling, also the cap on Retry-After. @default 4000 */
  readonly maxDelayMs: number;
  /** With a fallback: one jittered wait of at most this long, one more try, then the fallback. @default 500 */
  readonly fallbackWaitMs: number;
}

/** The throttling policy unless the caller overrides part of it. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxThrottleAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  fallbackWaitMs: 500,
};

/** What the gateway is built from. */
export interface InferenceOptions {
  readonly settings: InferenceSettings;
  /** A provider for every provider an alias names. */
  readonly providers: Partial<Record<ModelProvider, Provider>>;
  readonly ledger: InferenceLedger;
  /** @default Powertools EMF metrics */
  readonly metrics?: InferenceMetrics;
  readonly retry?: Partial<RetryPolicy>;
  /** @default setTimeout-based; tests pass one that does not wait */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

// Stops the current alias; `fallback` says whether its fallback alias may take over.
class CallStopped extends Error {
  constructor(
    readonly reason: InferenceFailureReason,
    message: string,
    readonly fallback: boolean,
  ) {
    super(message);
  }
}

/** Runs typed operations on the alias a caller names: budgets, retries, fallback, validation, accounting. */
export type OperationRunner = <R extends OperationRequest>(
  context: CallContext,
  request: R,
) => Promise<InferenceResult<OperationOutputs[R['kind']]>>;

/**
 * The model gateway: resolves the alias, checks the daily budgets of the alias and
 * the agent, calls the provider with a timeout, retries throttling with jittered
 * backoff (or, when the alias has a fallback, moves to it after one short wait),
 * validates the answer against the operation's schema and deterministic checks
 * (one retry), and records every provider call — retries and fallbacks included —
 * in the ledger and as metrics. Configuration errors (an unknown fallback, a model
 * without a price, a provider not supplied) throw here, at start-up.
 */
export function createOperationRunner(options: InferenceOptions): OperationRunner {
  const { settings, providers, ledger } = options;
  const problems = aliasProblems(settings.aliases, settings.prices, settings.budgets);
  for (const [name, alias] of Object.entries(settings.aliases)) {
    if (providers[alias.provider] === undefined && name !== 'embed')
      problems.push(`MODEL_ALIASES (at ${name}): provider "${alias.provider}" is not available in this process`);
  }
  if (problems.length > 0)
    throw new RuntimeConfigError(`Invalid inference configuration:\n  - ${problems.join('\n  - ')}`);
  const metrics = options.metrics ?? createPowertoolsInferenceMetrics();
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());

  const resolve = (name: string): ModelAlias => {
    const alias = settings.aliases[name];
    if (alias === undefined)
      throw new AppError(
        'INTERNAL',
        `Model alias "${name}" is not configured; configured: ${Object.keys(settings.aliases).join(', ')}.`,
      );
    return alias;
  };
  const priceOf = (modelId: string) => {
    const price = settings.prices[modelId];
    if (price === undefined) throw new AppError('INTERNAL', `Model "${modelId}" has no price in PRICE_TABLE.`);
    return price;
  };

  // A zero-priced model spends nothing, so no budget refuses it (an offline fallback always runs).
  const checkBudgets = async (aliasName: string, alias: ModelAlias, agent: string): Promise<void> => {
    const price = priceOf(alias.modelId);
    if (price.inputUsdPerMTok === 0 && price.outputUsdPerMTok === 0) return;
    const day = utcDay(now());
    const limits: Array<[SpendScope, string, number | undefined]> = [
      ['alias', aliasName, settings.budgets.aliases[aliasName]],
      ['agent', agent, settings.budgets.agents[agent]],
    ];
    for (const [scope, name, limit] of limits) {
      if (limit === undefined) continue;
      const spent = await ledger.spent(day, scope, name);
      if (spent >= limit) {
        throw new CallStopped(
          'BUDGET_EXCEEDED',
          `The ${scope} "${name}" has spent $${spent.toFixed(4)} of its $${limit} daily budget (UTC day ${day}); the job needs human review or a higher budget in INFERENCE_BUDGETS.`,
          true,
        );
      }
    }
  };

  return async <R extends OperationRequest>(
    context: CallContext,
    request: R,
  ): Promise<InferenceResult<OperationOutputs[R['kind']]>> => {
    const schema = OUTPUT_SCHEMAS[request.kind];
    const prompt: Prompt = buildPrompt(request);
    const inputHash = hashAgentInput(request);
    const check = (value: unknown) => checkOutput(request, value);
    const isValid = (output: unknown) => {
      const parsed = schema.safeParse(output);
      return parsed.success ? check(parsed.data) : parsed.error.issues.map((i) => i.message).join('; ');
    };
    const tried: string[] = [];
    let calls = 0;

    const callOnce = async (aliasName: string, alias: ModelAlias): Promise<ProviderReply> => {
      const provider = providers[alias.provider] as Provider;
      const started = performance.now();
      let reply: ProviderReply | undefined;
      let failure: ProviderError | undefined;
      calls += 1;
      try {
        reply = await provider.invoke({
          request,
          prompt,
          modelId: alias.modelId,
          signal: AbortSignal.timeout(settings.timeoutMs),
        });
      } catch (error) {
        failure =
          error instanceof ProviderError
            ? error
            : new ProviderError('FAILED', error instanceof Error ? error.message : String(error), { cause: error });
      }
      const problem = reply === undefined ? failure?.message : isValid(reply.output);
      const inputTokens = reply?.inputTokens ?? 0;
      const outputTokens = reply?.outputTokens ?? 0;
      const record = {
        requestId: context.requestId,
        agent: context.agent,
        alias: aliasName,
        provider: alias.provider,
        modelId: alias.modelId,
        operation: request.kind,
        inputHash,
        output: reply?.output ?? null,
        inputTokens,
        outputTokens,
        costUsd: estimateCostUsd(priceOf(alias.modelId), inputTokens, outputTokens),
        latencyMs: performance.now() - started,
        status: problem === undefined ? ('succeeded' as const) : ('failed' as const),
        error:
          problem === undefined
            ? null
            : failure !== undefined
              ? `${failure.kind}: ${problem}`
              : `${reply?.guardrail !== undefined ? 'GUARDRAIL_INTERVENED' : 'INVALID_OUTPUT'}: ${problem}`,
        guardrail: reply?.guardrail ?? null,
        day: utcDay(now()),
      };
      await ledger.record(record);
      metrics.record(record);
      if (failure !== undefined) throw failure;
      return reply as ProviderReply;
    };

    const produceOn = (aliasName: string, alias: ModelAlias, seen: { guardrail: GuardrailIntervention | null }) => {
      const hasFallback = alias.fallback !== undefined && !tried.includes(alias.fallback);
      return async (): Promise<unknown> => {
        await checkBudgets(aliasName, alias, context.agent);
        for (let attempt = 1; ; attempt += 1) {
          try {
            const reply = await callOnce(aliasName, alias);
            if (reply.guardrail !== undefined) {
              seen.guardrail = reply.guardrail;
              if (isValid(reply.output) !== undefined)
                throw new CallStopped(
                  'GUARDRAIL_INTERVENED',
                  `The guardrail intervened on alias "${aliasName}" (${reply.guardrail.policies.join(', ')}); the ticket needs human review.`,
                  false,
                );
            }
            return reply.output;
          } catch (error) {
            if (!(error instanceof ProviderError)) throw error;
            if (error.kind === 'TIMEOUT') throw new CallStopped('TIMEOUT', error.message, true);
            if (error.kind === 'FAILED') throw new CallStopped('PROVIDER_FAILED', error.message, false);
            // THROTTLED or UNAVAILABLE: wait briefly and move on, or back off and retry.
            if (hasFallback ? attempt >= 2 : attempt >= policy.maxThrottleAttempts) {
              throw new CallStopped(
                error.kind,
                `Alias "${aliasName}" (${alias.modelId}) still answered ${error.kind} after ${attempt} attempts: ${error.message}`,
                true,
              );
            }
            const ceilingMs = hasFallback
              ? policy.fallbackWaitMs
              : Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
            const jittered = Math.floor(random() * ceilingMs);
            await sleep(
              Math.min(Math.max(jittered, error.retryAfterMs ?? 0), hasFallback ? ceilingMs : policy.maxDelayMs),
            );
          }
        }
      };
    };

    for (let aliasName = context.alias; ; ) {
      const alias = resolve(aliasName);
      tried.push(aliasName);
      const seen = { guardrail: null as GuardrailIntervention | null };
      try {
        const result = await runOperation(schema, produceOn(aliasName, alias, seen), check);
        if (result.ok) {
          return {
            ok: true,
            value: result.value as OperationOutputs[R['kind']],
            alias: aliasName,
            provider: alias.provider,
            modelId: alias.modelId,
            calls,
            guardrail: seen.guardrail,
          };
        }
        return { ok: false, reason: 'INVALID_OUTPUT', message: result.message, aliases: tried, calls };
      } catch (error) {
        if (!(error instanceof CallStopped)) throw error;
        const next = alias.fallback;
        if (error.fallback && next !== undefined && !tried.includes(next)) {
          logger.warn('Inference moves to the fallback alias', {
            alias: aliasName,
            fallback: next,
            reason: error.reason,
            agent: context.agent,
            requestId: context.requestId,
          });
          aliasName = next;
          continue;
        }
        return { ok: false, reason: error.reason, message: error.message, aliases: tried, calls };
      }
    }
  };
}
