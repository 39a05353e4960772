import { z } from 'zod';
import { type InferenceSettings, parseInferenceSettings } from './inference/settings';

/**
 * The runtime configuration of every function and of the local runtime. This is the
 * only module that reads `process.env`; everything else receives typed settings.
 */

const booleanText = z.enum(['true', 'false']).transform((value) => value === 'true');

const RuntimeEnvSchema = z.object({
  SWITCHYARD_STAGE: z.string().min(1).default('local'),
  /** `aws` in Lambda; `local` on a laptop and in tests. */
  SWITCHYARD_RUNTIME: z.enum(['aws', 'local']).default('local'),
  AWS_REGION: z.string().min(1).optional(),

  DB_HOST: z.string().min(1).default('127.0.0.1'),
  DB_PORT: z.coerce.number().int().min(1).max(65535).default(5432),
  DB_NAME: z.string().min(1).default('postgres'),
  DB_USER: z.string().min(1).default('postgres'),
  /** `iam`: an RDS Proxy IAM token per connection; `password`: DB_PASSWORD. */
  DB_AUTH: z.enum(['iam', 'password']).default('password'),
  DB_PASSWORD: z.string().default('postgres'),
  DB_SSL: booleanText.default(false),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(1),

  EMBEDDING_PROVIDER: z.enum(['bedrock', 'offline']).default('offline'),
  EMBEDDING_MODEL_ID: z.string().min(1).default('amazon.titan-embed-text-v2:0'),
  /** pgvector indexes (HNSW) take at most 2000 dimensions. */
  EMBEDDING_DIMENSION: z.coerce.number().int().min(8).max(2000).default(512),

  SERVICENOW_INSTANCE_URL: z.url().default('http://127.0.0.1:8081'),
  /** In AWS: the Secrets Manager secret with the OAuth client (`{"clientId","clientSecret"}`). */
  SERVICENOW_SECRET_NAME: z.string().min(1).optional(),
  /** Locally (no secret): the OAuth client, by default the emulator's. */
  SERVICENOW_CLIENT_ID: z.string().min(1).default('switchyard'),
  SERVICENOW_CLIENT_SECRET: z.string().min(1).default('switchyard-local'),

  /** ETL: the raw and curated buckets in AWS; locally a directory stands in for both. */
  ETL_RAW_BUCKET: z.string().min(3).optional(),
  ETL_CURATED_BUCKET: z.string().min(3).optional(),
  ETL_STORE_DIR: z.string().min(1).default('.switchyard/etl'),
  /** Rows per Table API page and raw partition. */
  ETL_PAGE_SIZE: z.coerce.number().int().min(1).max(10000).default(1000),

  /** Inference (see lambdas/shared/inference/settings.ts): JSON alias map, JSON price table, JSON daily budgets. */
  MODEL_ALIASES: z.string().optional(),
  PRICE_TABLE: z.string().optional(),
  INFERENCE_BUDGETS: z.string().optional(),
  /** The Bedrock guardrail every Converse call carries. */
  GUARDRAIL_ID: z.string().min(1).optional(),
  GUARDRAIL_VERSION: z
    .string()
    .regex(/^(DRAFT|\d+)$/)
    .optional(),
  /** An OpenAI-compatible endpoint (LiteLLM, vLLM, Ollama), e.g. http://localhost:11434/v1. */
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  INFERENCE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),

  /** Change validation: the state machine the API starts (AWS); auto-transition of ready changes out of New. */
  CHANGE_VALIDATION_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  CHANGE_AUTO_TRANSITION: booleanText.default(false),

  /** Incident enrichment (AWS): the Smart Solver function the API invokes; the five agents' functions by agent name (JSON). */
  SMART_SOLVER_FUNCTION_NAME: z.string().min(1).optional(),
  INCIDENT_AGENT_FUNCTIONS: z.string().optional(),
  /** How long the solver waits for each agent. */
  INCIDENT_AGENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),

  /** The local runtime's HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
});

export type RuntimeEnv = z.infer<typeof RuntimeEnvSchema>;

/** How to reach PostgreSQL: RDS Proxy in AWS, PGlite's thread on loopback locally. */
export interface DatabaseSettings {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly auth:
    | { readonly kind: 'iam'; readonly region: string }
    | { readonly kind: 'password'; readonly password: string };
  readonly ssl: boolean;
  /** Pool size (the local runtime sets its own: local/database.ts LOCAL_POOL_CONNECTIONS). */
  readonly maxConnections: number;
}

export interface EmbeddingSettings {
  readonly provider: 'bedrock' | 'offline';
  readonly modelId: string;
  readonly dimension: number;
  readonly region?: string;
}

/** Where the ETL keeps raw and curated data, and how it pages. */
export interface EtlSettings {
  /** S3 buckets (AWS); when absent the directory `storeDir` holds `raw/` and `curated/`. */
  readonly buckets?: { readonly raw: string; readonly curated: string };
  readonly storeDir: string;
  readonly pageSize: number;
}

export interface RuntimeConfig {
  readonly stage: string;
  readonly runtime: 'aws' | 'local';
  readonly database: DatabaseSettings;
  readonly embedding: EmbeddingSettings;
  readonly serviceNowInstanceUrl: string;
  /** Where the ServiceNow OAuth client comes from: a secret in AWS, values locally. */
  readonly serviceNowCredentials:
    | { readonly kind: 'secret'; readonly secretName: string }
    | { readonly kind: 'static'; readonly clientId: string; readonly clientSecret: string };
  readonly etl: EtlSettings;
  /** Model aliases, prices, budgets, guardrail and endpoints. */
  readonly inference: InferenceSettings;
  /** The port the local runtime serves HTTP on. */
  readonly httpPort: number;
  /** Change validation (issue 6). */
  readonly changeValidation: {
    /** Set in AWS: POST /v1/change-validations starts an execution of it. */
    readonly stateMachineArn?: string;
    readonly autoTransition: boolean;
  };
  /** Incident enrichment (issue 7). */
  readonly incidentEnrichment: {
    /** Set in AWS on the API function: POST /v1/incident-enrichments invokes it. */
    readonly solverFunctionName?: string;
    /** Set in AWS on the solver: the agent functions it invokes, by agent name. */
    readonly agentFunctions?: Readonly<Record<string, string>>;
    readonly agentTimeoutMs: number;
  };
}

/** Raised at start-up when the environment is invalid; names every bad variable. */
export class RuntimeConfigError extends Error {
  override readonly name = 'RuntimeConfigError';
}

/** Parses a runtime configuration from an environment (default: `process.env`). */
export function readRuntimeConfig(env: Readonly<Record<string, string | undefined>> = process.env): RuntimeConfig {
  const parsed = RuntimeEnvSchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}; got ${JSON.stringify(env[String(issue.path[0])])}`,
    );
    throw new RuntimeConfigError(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  }
  const e = parsed.data;
  if ((e.DB_AUTH === 'iam' || e.EMBEDDING_PROVIDER === 'bedrock') && e.AWS_REGION === undefined) {
    throw new RuntimeConfigError(
      'Invalid environment:\n  - AWS_REGION: required when DB_AUTH=iam or EMBEDDING_PROVIDER=bedrock',
    );
  }
  const inference = parseInferenceSettings(e);
  if ('problems' in inference)
    throw new RuntimeConfigError(`Invalid environment:\n  - ${inference.problems.join('\n  - ')}`);
  return {
    stage: e.SWITCHYARD_STAGE,
    runtime: e.SWITCHYARD_RUNTIME,
    database: {
      host: e.DB_HOST,
      port: e.DB_PORT,
      database: e.DB_NAME,
      user: e.DB_USER,
      auth:
        e.DB_AUTH === 'iam'
          ? { kind: 'iam', region: e.AWS_REGION as string }
          : { kind: 'password', password: e.DB_PASSWORD },
      ssl: e.DB_SSL,
      maxConnections: e.DB_POOL_MAX,
    },
    embedding: {
      provider: e.EMBEDDING_PROVIDER,
      modelId: e.EMBEDDING_MODEL_ID,
      dimension: e.EMBEDDING_DIMENSION,
      ...(e.AWS_REGION !== undefined ? { region: e.AWS_REGION } : {}),
    },
    serviceNowInstanceUrl: e.SERVICENOW_INSTANCE_URL.replace(/\/+$/, ''),
    serviceNowCredentials:
      e.SERVICENOW_SECRET_NAME === undefined
        ? { kind: 'static', clientId: e.SERVICENOW_CLIENT_ID, clientSecret: e.SERVICENOW_CLIENT_SECRET }
        : { kind: 'secret', secretName: e.SERVICENOW_SECRET_NAME },
    etl: {
      ...(e.ETL_RAW_BUCKET !== undefined && e.ETL_CURATED_BUCKET !== undefined
        ? { buckets: { raw: e.ETL_RAW_BUCKET, curated: e.ETL_CURATED_BUCKET } }
        : {}),
      storeDir: e.ETL_STORE_DIR,
      pageSize: e.ETL_PAGE_SIZE,
    },
    inference: inference.settings,
    httpPort: e.PORT,
    changeValidation: {
      ...(e.CHANGE_VALIDATION_STATE_MACHINE_ARN === undefined
        ? {}
        : { stateMachineArn: e.CHANGE_VALIDATION_STATE_MACHINE_ARN }),
      autoTransition: e.CHANGE_AUTO_TRANSITION,
    },
    incidentEnrichment: {
      ...(e.SMART_SOLVER_FUNCTION_NAME === undefined ? {} : { solverFunctionName: e.SMART_SOLVER_FUNCTION_NAME }),
      ...(e.INCIDENT_AGENT_FUNCTIONS === undefined
        ? {}
        : { agentFunctions: parseFunctionMap(e.INCIDENT_AGENT_FUNCTIONS) }),
      agentTimeoutMs: e.INCIDENT_AGENT_TIMEOUT_MS,
    },
  };
}

function parseFunctionMap(text: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const parsed = z.record(z.string().min(1), z.string().min(1)).safeParse(value);
  if (!parsed.success)
    throw new RuntimeConfigError(
      `Invalid environment:\n  - INCIDENT_AGENT_FUNCTIONS: expected a JSON object of agent name to function name; got ${JSON.stringify(text)}`,
    );
  return parsed.data;
}

// An empty variable means "not set", as a shell user expects.
function withoutEmptyValues(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}
