import { z } from 'zod';

/**
 * The inference configuration: model aliases, the price table, daily budgets, the
 * guardrail and provider endpoints. Parsed from the environment by `config.ts` (the
 * only module reading it); this module holds the schemas and the cross-checks, so the
 * CDK configuration and the runtime share one definition.
 */

/** The providers an alias may name. */
export const MODEL_PROVIDERS = ['bedrock', 'openai-compatible', 'offline'] as const;
/** A provider an alias may name. */
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

/** The offline provider's model id: real algorithms, no network. */
export const OFFLINE_MODEL_ID = 'switchyard-offline-v1';

/** An alias: which provider serves it, the model id there, and where to go when throttled or over budget. */
export const ModelAliasSchema = z.object({
  provider: z.enum(MODEL_PROVIDERS),
  modelId: z.string().min(1),
  fallback: z.string().min(1).optional(),
});
/** A validated alias. */
export type ModelAlias = z.infer<typeof ModelAliasSchema>;

/** Alias name → alias. */
export const ModelAliasesSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), ModelAliasSchema);

/** A model's price in US dollars per million tokens; an explicit 0 is a free model, a missing entry is an error. */
export const ModelPriceSchema = z.object({
  inputUsdPerMTok: z.number().min(0),
  outputUsdPerMTok: z.number().min(0),
});
/** A validated price. */
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/** Model id → price. */
export const PriceTableSchema = z.record(z.string().min(1), ModelPriceSchema);
/** A validated price table. */
export type PriceTable = z.infer<typeof PriceTableSchema>;

/** Daily spend limits in US dollars per UTC day, per alias and per agent; absent means unlimited (still counted). */
export const InferenceBudgetsSchema = z.object({
  aliases: z.record(z.string(), z.number().positive()).default({}),
  agents: z.record(z.string(), z.number().positive()).default({}),
});
/** Validated daily budgets. */
export type InferenceBudgets = z.infer<typeof InferenceBudgetsSchema>;

/** The local defaults: every alias offline, priced explicitly at zero. */
export const LOCAL_MODEL_ALIASES: Readonly<Record<string, ModelAlias>> = {
  fast: { provider: 'offline', modelId: OFFLINE_MODEL_ID },
  reasoning: { provider: 'offline', modelId: OFFLINE_MODEL_ID },
  embed: { provider: 'offline', modelId: 'switchyard-hashing-v1' },
};
/** The local defaults' prices: explicitly zero. */
export const LOCAL_PRICE_TABLE: PriceTable = {
  [OFFLINE_MODEL_ID]: { inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
  'switchyard-hashing-v1': { inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
};

/** Everything the inference layer needs, validated. */
export interface InferenceSettings {
  readonly aliases: Readonly<Record<string, ModelAlias>>;
  readonly prices: PriceTable;
  readonly budgets: InferenceBudgets;
  /** Required when an alias uses Bedrock: every Converse call carries it. */
  readonly guardrail?: { readonly id: string; readonly version: string };
  /** Required when an alias uses the OpenAI-compatible provider. */
  readonly openAiCompatible?: { readonly baseUrl: string; readonly apiKey?: string };
  /** Per provider call. */
  readonly timeoutMs: number;
  readonly region?: string;
}

/** The raw values, as they come from the environment. */
export interface InferenceEnv {
  readonly MODEL_ALIASES?: string;
  readonly PRICE_TABLE?: string;
  readonly INFERENCE_BUDGETS?: string;
  readonly GUARDRAIL_ID?: string;
  readonly GUARDRAIL_VERSION?: string;
  readonly OPENAI_BASE_URL?: string;
  readonly OPENAI_API_KEY?: string;
  readonly INFERENCE_TIMEOUT_MS?: number;
  readonly AWS_REGION?: string;
}

/** Parses and cross-checks the inference settings; returns them, or every problem naming its variable. */
export function parseInferenceSettings(
  env: InferenceEnv,
): { readonly settings: InferenceSettings } | { readonly problems: string[] } {
  const problems: string[] = [];
  const parse = <T>(name: string, text: string | undefined, schema: z.ZodType<T>, fallback: T): T => {
    if (text === undefined) return fallback;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      problems.push(`${name}: not valid JSON; got ${JSON.stringify(text)}`);
      return fallback;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues)
      problems.push(`${name} (at ${issue.path.join('.') || '(root)'}): ${issue.message}`);
    return fallback;
  };
  const aliases = parse('MODEL_ALIASES', env.MODEL_ALIASES, ModelAliasesSchema, { ...LOCAL_MODEL_ALIASES });
  const prices = parse('PRICE_TABLE', env.PRICE_TABLE, PriceTableSchema, { ...LOCAL_PRICE_TABLE });
  const budgets = parse('INFERENCE_BUDGETS', env.INFERENCE_BUDGETS, InferenceBudgetsSchema, {
    aliases: {},
    agents: {},
  });
  const guardrail =
    env.GUARDRAIL_ID !== undefined ? { id: env.GUARDRAIL_ID, version: env.GUARDRAIL_VERSION ?? 'DRAFT' } : undefined;
  const openAiCompatible =
    env.OPENAI_BASE_URL !== undefined
      ? {
          baseUrl: env.OPENAI_BASE_URL.replace(/\/+$/, ''),
          ...(env.OPENAI_API_KEY !== undefined ? { apiKey: env.OPENAI_API_KEY } : {}),
        }
      : undefined;
  const settings: InferenceSettings = {
    aliases,
    prices,
    budgets,
    timeoutMs: env.INFERENCE_TIMEOUT_MS ?? 30_000,
    ...(guardrail !== undefined ? { guardrail } : {}),
    ...(openAiCompatible !== undefined ? { openAiCompatible } : {}),
    ...(env.AWS_REGION !== undefined ? { region: env.AWS_REGION } : {}),
  };
  problems.push(...aliasProblems(aliases, prices, budgets));
  const uses = (provider: ModelProvider) => Object.values(aliases).some((a) => a.provider === provider);
  if (uses('bedrock') && guardrail === undefined)
    problems.push('GUARDRAIL_ID: required when an alias uses bedrock (every Converse call carries the guardrail)');
  if (uses('bedrock') && env.AWS_REGION === undefined) problems.push('AWS_REGION: required when an alias uses bedrock');
  if (uses('openai-compatible') && openAiCompatible === undefined)
    problems.push('OPENAI_BASE_URL: required when an alias uses openai-compatible');
  return problems.length > 0 ? { problems } : { settings };
}

/**
 * The cross-checks shared with the CDK configuration: every fallback names a defined
 * alias and no fallback chain loops; every model an alias names has a price (an
 * explicit 0 for a free one); every budgeted alias exists.
 */
export function aliasProblems(
  aliases: Readonly<Record<string, ModelAlias>>,
  prices: PriceTable,
  budgets: InferenceBudgets = { aliases: {}, agents: {} },
): string[] {
  const problems: string[] = [];
  const defined = Object.keys(aliases).join(', ');
  for (const [name, alias] of Object.entries(aliases)) {
    if (alias.fallback !== undefined && !(alias.fallback in aliases)) {
      problems.push(
        `MODEL_ALIASES (at ${name}.fallback): names alias "${alias.fallback}", which is not defined; defined: ${defined}`,
      );
    }
    if (!(alias.modelId in prices)) {
      problems.push(
        `PRICE_TABLE: model "${alias.modelId}" (alias "${name}") has no price; add { "inputUsdPerMTok": …, "outputUsdPerMTok": … } (0 only for a model that is really free)`,
      );
    }
    const seen = new Set([name]);
    for (let next = alias.fallback; next !== undefined; next = aliases[next]?.fallback) {
      if (seen.has(next)) {
        problems.push(`MODEL_ALIASES (at ${name}.fallback): the fallback chain loops (${[...seen, next].join(' → ')})`);
        break;
      }
      seen.add(next);
    }
  }
  for (const name of Object.keys(budgets.aliases)) {
    if (!(name in aliases)) problems.push(`INFERENCE_BUDGETS (at aliases.${name}): no such alias; defined: ${defined}`);
  }
  return problems;
}
