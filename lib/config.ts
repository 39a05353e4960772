import { z } from 'zod';
import {
  type InferenceBudgets,
  InferenceBudgetsSchema,
  type PriceTable,
  PriceTableSchema,
} from '../lambdas/shared/inference/settings';

/**
 * One typed configuration for the CDK app.
 *
 * Every setting has a flat key that may come from CDK context (`-c natGateways=0` or
 * `cdk.json`) or from the environment (`SWITCHYARD_NAT_GATEWAYS=0`); context wins.
 * Defaults synthesize with no context at all. Invalid values stop synthesis with a
 * message naming the key.
 */

const MODEL_PROVIDERS = ['bedrock', 'openai-compatible', 'offline'] as const;

/** A model alias: which provider serves it and which model id it names there. */
export const ModelAliasSchema = z.object({
  provider: z.enum(MODEL_PROVIDERS),
  modelId: z.string().min(1),
  /** Another alias to move to when this one is throttled. */
  fallback: z.string().min(1).optional(),
});
export type ModelAlias = z.infer<typeof ModelAliasSchema>;

/** US dollars per million tokens (on-demand, us-east-1) of the default aliases' models. */
const DEFAULT_PRICE_TABLE: PriceTable = {
  'anthropic.claude-3-5-haiku-20241022-v1:0': { inputUsdPerMTok: 0.8, outputUsdPerMTok: 4 },
  'anthropic.claude-3-7-sonnet-20250219-v1:0': { inputUsdPerMTok: 3, outputUsdPerMTok: 15 },
  'amazon.titan-embed-text-v2:0': { inputUsdPerMTok: 0.02, outputUsdPerMTok: 0 },
};

/** Bedrock Guardrails filter strengths. */
export const GUARDRAIL_STRENGTHS = ['NONE', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type GuardrailStrength = (typeof GUARDRAIL_STRENGTHS)[number];

/** Titan Text Embeddings v2 accepts exactly these output sizes. */
export const EMBEDDING_DIMENSIONS = [256, 512, 1024] as const;

/** CloudWatch Logs accepts only these retention periods (days). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const booleanFromText = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean({ error: 'expected true or false' }),
);
const wholeNumber = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const DEFAULT_MODEL_ALIASES: Record<string, ModelAlias> = {
  fast: { provider: 'bedrock', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0' },
  reasoning: { provider: 'bedrock', modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0', fallback: 'fast' },
  embed: { provider: 'bedrock', modelId: 'amazon.titan-embed-text-v2:0' },
};

/**
 * The flat keys a user sets. Each key's schema carries its default, so an empty
 * context yields a complete configuration.
 */
const FlatConfigSchema = z.object({
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,15}$/, 'expected lower-case letters, digits and dashes, at most 16 characters')
    .default('dev'),
  serviceNowInstanceUrl: z
    .url({ protocol: /^https$/, message: 'expected an https URL such as https://acme.service-now.com' })
    .default('https://example.service-now.com'),
  serviceNowSecretName: z.string().min(1).default('switchyard/servicenow'),
  changeAutoTransition: booleanFromText.default(false),
  etlSchedule: z
    .string()
    .regex(/^(rate|cron|at)\(.+\)$/, 'expected an EventBridge Scheduler expression such as rate(1 hour)')
    .default('rate(1 hour)'),
  entraTenantId: z
    .string()
    .regex(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i, 'expected a tenant GUID')
    .default('00000000-0000-0000-0000-000000000000'),
  entraAudience: z.string().min(1).default('api://switchyard'),
  modelAliases: z
    .preprocess(parseJsonText, z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), ModelAliasSchema))
    .default(DEFAULT_MODEL_ALIASES),
  priceTable: z.preprocess(parseJsonText, PriceTableSchema).default(DEFAULT_PRICE_TABLE),
  inferenceBudgets: z.preprocess(parseJsonText, InferenceBudgetsSchema).default({ aliases: {}, agents: {} }),
  // MEDIUM: HIGH blocks ordinary tickets that quote commands or say "ignore the previous ticket".
  guardrailPromptAttackStrength: z.enum(GUARDRAIL_STRENGTHS).default('MEDIUM'),
  guardrailContentFilterStrength: z.enum(GUARDRAIL_STRENGTHS).default('HIGH'),
  openAiBaseUrl: z.url().optional(),
  embeddingDimension: z.coerce
    .number()
    .refine((value) => (EMBEDDING_DIMENSIONS as readonly number[]).includes(value), {
      message: `expected one of ${EMBEDDING_DIMENSIONS.join(', ')}`,
    })
    .default(512),
  natGateways: wholeNumber(0, 3).default(1),
  maxAzs: wholeNumber(2, 3).default(2),
  dbInstanceClass: z
    .string()
    .regex(/^[a-z][a-z0-9]*\.[a-z0-9]+$/, 'expected an instance type such as t4g.medium')
    .default('t4g.medium'),
  dbAllocatedStorageGiB: wholeNumber(20, 65536).default(20),
  dbMaxAllocatedStorageGiB: wholeNumber(20, 65536).default(100),
  dbMultiAz: booleanFromText.default(false),
  dbBackupRetentionDays: wholeNumber(1, 35).default(7),
  dbDeletionProtection: booleanFromText.default(true),
  logRetentionDays: z.coerce
    .number()
    .refine((value) => (LOG_RETENTION_DAYS as readonly number[]).includes(value), {
      message: `expected a CloudWatch Logs retention: ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(30),
  rawDataRetentionDays: wholeNumber(1, 3650).default(365),
  accessLogRetentionDays: wholeNumber(1, 3650).default(365),
  apiThrottleRateLimit: wholeNumber(1, 10000).default(50),
  apiThrottleBurstLimit: wholeNumber(1, 5000).default(100),
  // CORS stays off unless origins are listed (ServiceNow calls server to server).
  apiCorsAllowedOrigins: z
    .preprocess(
      parseOriginList,
      z.array(z.url({ protocol: /^https?$/, message: 'expected an origin such as https://acme.service-now.com' })),
    )
    .default([]),
  apiDomainName: z
    .string()
    .regex(
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
      'expected a host name such as api.acme.com',
    )
    .optional(),
  apiCertificateArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, 'expected an ACM certificate ARN')
    .optional(),
});

type FlatConfig = z.infer<typeof FlatConfigSchema>;
type FlatKey = keyof FlatConfig;

/** The configuration every construct reads. */
export interface SwitchyardConfig {
  readonly stage: string;
  readonly serviceNow: { readonly instanceUrl: string; readonly secretName: string };
  /** The ETL: when the incremental run happens (an EventBridge Scheduler expression). */
  readonly etl: { readonly schedule: string };
  /** Change validation: whether a `ready` change is moved out of New by its type. */
  readonly changeValidation: { readonly autoTransition: boolean };
  readonly entraId: { readonly tenantId: string; readonly audience: string; readonly issuer: string };
  readonly models: {
    readonly aliases: Readonly<Record<string, ModelAlias>>;
    readonly embeddingDimension: number;
    /** Model id → US dollars per million input and output tokens. */
    readonly prices: PriceTable;
    /** Daily US-dollar limits per alias and per agent. */
    readonly budgets: InferenceBudgets;
    /** The OpenAI-compatible endpoint of `openai-compatible` aliases. */
    readonly openAiBaseUrl?: string;
  };
  readonly guardrail: {
    readonly promptAttackStrength: GuardrailStrength;
    readonly contentFilterStrength: GuardrailStrength;
  };
  readonly network: { readonly natGateways: number; readonly maxAzs: number };
  readonly database: {
    readonly instanceClass: string;
    readonly allocatedStorageGiB: number;
    readonly maxAllocatedStorageGiB: number;
    readonly multiAz: boolean;
    readonly backupRetentionDays: number;
    readonly deletionProtection: boolean;
  };
  readonly gateway: {
    /** Requests per second (steady) and burst the API stage allows. */
    readonly throttleRateLimit: number;
    readonly throttleBurstLimit: number;
    /** Browser origins allowed by CORS; empty: CORS off. */
    readonly corsAllowedOrigins: readonly string[];
    /** A custom domain and its ACM certificate, when configured. */
    readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
  };
  readonly retention: {
    readonly logRetentionDays: number;
    readonly rawDataDays: number;
    readonly accessLogDays: number;
  };
}

/** Raised when a configuration value is invalid; the message names every bad key. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid Switchyard configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** The environment variable that may set a flat key: `natGateways` → `SWITCHYARD_NAT_GATEWAYS`. */
export function environmentVariableFor(key: string): string {
  return `SWITCHYARD_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** The flat configuration keys, for documentation and tooling. */
export const CONFIG_KEYS = Object.keys(FlatConfigSchema.shape) as FlatKey[];

export interface ConfigSources {
  /** Looks up a CDK context value (`node.tryGetContext`). */
  readonly context: (key: string) => unknown;
  /** The process environment, passed in so that only the entry point reads it. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Reads and validates the configuration from CDK context, then the environment, then defaults. */
export function loadConfig(sources: ConfigSources): SwitchyardConfig {
  const raw: Partial<Record<FlatKey, unknown>> = {};
  const origin: Partial<Record<FlatKey, string>> = {};
  for (const key of CONFIG_KEYS) {
    const fromContext = sources.context(key);
    const variable = environmentVariableFor(key);
    if (fromContext !== undefined) {
      raw[key] = fromContext;
      origin[key] = `context key "${key}"`;
    } else if (sources.env[variable] !== undefined && sources.env[variable] !== '') {
      raw[key] = sources.env[variable];
      origin[key] = `environment variable ${variable}`;
    }
  }

  const parsed = FlatConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0]) as FlatKey;
        const where = origin[key] ?? `key "${key}"`;
        const inner = issue.path.length > 1 ? ` (at ${issue.path.slice(1).join('.')})` : '';
        return `${where}${inner}: ${issue.message}; got ${JSON.stringify(raw[key])}`;
      }),
    );
  }
  return toConfig(parsed.data);
}

// A JSON array (context) or a comma-separated list (environment variable).
function parseOriginList(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('[')) return parseJsonText(text);
  return text
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
}

function toConfig(flat: FlatConfig): SwitchyardConfig {
  const problems: string[] = [];
  if (flat.dbMaxAllocatedStorageGiB < flat.dbAllocatedStorageGiB) {
    problems.push(
      `key "dbMaxAllocatedStorageGiB": must be at least dbAllocatedStorageGiB (${flat.dbAllocatedStorageGiB}); got ${flat.dbMaxAllocatedStorageGiB}`,
    );
  }
  for (const [alias, model] of Object.entries(flat.modelAliases)) {
    if (model.fallback !== undefined && !(model.fallback in flat.modelAliases)) {
      problems.push(
        `key "modelAliases" (at ${alias}.fallback): names alias "${model.fallback}", which is not defined; defined: ${Object.keys(flat.modelAliases).join(', ')}`,
      );
    }
  }
  for (const [alias, model] of Object.entries(flat.modelAliases)) {
    if (!(model.modelId in flat.priceTable)) {
      problems.push(
        `key "priceTable": model "${model.modelId}" (alias "${alias}") has no price; add { "inputUsdPerMTok": …, "outputUsdPerMTok": … }`,
      );
    }
  }
  for (const alias of Object.keys(flat.inferenceBudgets.aliases)) {
    if (!(alias in flat.modelAliases)) problems.push(`key "inferenceBudgets" (at aliases.${alias}): no such alias`);
  }
  if (Object.values(flat.modelAliases).some((m) => m.provider === 'openai-compatible') && !flat.openAiBaseUrl) {
    problems.push('key "openAiBaseUrl": required when an alias uses the openai-compatible provider');
  }
  if (!('embed' in flat.modelAliases)) {
    problems.push('key "modelAliases": must define the "embed" alias used for embeddings');
  }
  if ((flat.apiDomainName === undefined) !== (flat.apiCertificateArn === undefined)) {
    problems.push(
      `keys "apiDomainName" and "apiCertificateArn" go together; got ${JSON.stringify(flat.apiDomainName)} and ${JSON.stringify(flat.apiCertificateArn)}`,
    );
  }
  if (problems.length > 0) throw new ConfigurationError(problems);

  return {
    stage: flat.stage,
    serviceNow: { instanceUrl: flat.serviceNowInstanceUrl.replace(/\/+$/, ''), secretName: flat.serviceNowSecretName },
    etl: { schedule: flat.etlSchedule },
    changeValidation: { autoTransition: flat.changeAutoTransition },
    entraId: {
      tenantId: flat.entraTenantId,
      audience: flat.entraAudience,
      issuer: `https://login.microsoftonline.com/${flat.entraTenantId}/v2.0`,
    },
    models: {
      aliases: flat.modelAliases,
      embeddingDimension: flat.embeddingDimension,
      prices: flat.priceTable,
      budgets: flat.inferenceBudgets,
      ...(flat.openAiBaseUrl !== undefined ? { openAiBaseUrl: flat.openAiBaseUrl } : {}),
    },
    guardrail: {
      promptAttackStrength: flat.guardrailPromptAttackStrength,
      contentFilterStrength: flat.guardrailContentFilterStrength,
    },
    network: { natGateways: flat.natGateways, maxAzs: flat.maxAzs },
    database: {
      instanceClass: flat.dbInstanceClass,
      allocatedStorageGiB: flat.dbAllocatedStorageGiB,
      maxAllocatedStorageGiB: flat.dbMaxAllocatedStorageGiB,
      multiAz: flat.dbMultiAz,
      backupRetentionDays: flat.dbBackupRetentionDays,
      deletionProtection: flat.dbDeletionProtection,
    },
    gateway: {
      throttleRateLimit: flat.apiThrottleRateLimit,
      throttleBurstLimit: flat.apiThrottleBurstLimit,
      corsAllowedOrigins: flat.apiCorsAllowedOrigins,
      ...(flat.apiDomainName !== undefined && flat.apiCertificateArn !== undefined
        ? { customDomain: { domainName: flat.apiDomainName, certificateArn: flat.apiCertificateArn } }
        : {}),
    },
    retention: {
      logRetentionDays: flat.logRetentionDays,
      rawDataDays: flat.rawDataRetentionDays,
      accessLogDays: flat.accessLogRetentionDays,
    },
  };
}

function parseJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value; // the schema then reports "expected record", naming the key
  }
}
