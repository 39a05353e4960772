import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { RuntimeConfig } from '../config';
import { RuntimeConfigError } from '../config';
import type { Queryable } from '../db/pool';
import { createHashingEmbedder, type Embedder } from '../embeddings';
import { createPostgresLedger, type InferenceLedger } from './accounting';
import type { InferenceOptions } from './gateway';
import { createInference, type Inference } from './inference';
import { createBedrockProvider } from './providers/bedrock';
import { createOfflineProvider } from './providers/offline';
import { createOpenAiCompatibleProvider } from './providers/openai-compatible';
import type { Provider } from './providers/provider';
import type { ModelProvider } from './settings';

/** What the configured inference layer runs on; created once at module scope by the caller. */
export interface InferenceDependencies {
  /** The database of the audit trail and budgets. */
  readonly db?: Queryable;
  /** Instead of `db`, e.g. an in-memory ledger for tools without a database. */
  readonly ledger?: InferenceLedger;
  /** The offline provider's embedder. @default the hashing embedder at the configured dimension */
  readonly embedder?: Embedder;
  /** @default a client for the configured region with `maxAttempts: 1` (the gateway retries) */
  readonly bedrock?: BedrockRuntimeClient;
  readonly fetch?: typeof fetch;
  readonly overrides?: Partial<Omit<InferenceOptions, 'settings' | 'providers' | 'ledger'>>;
}

/**
 * The inference layer the runtime configuration describes: a provider for each
 * provider the aliases name, the PostgreSQL ledger, Powertools metrics.
 */
export function createConfiguredInference(config: RuntimeConfig, deps: InferenceDependencies): Inference {
  const settings = config.inference;
  const used = new Set(Object.values(settings.aliases).map((a) => a.provider));
  const providers: Partial<Record<ModelProvider, Provider>> = {};
  if (used.has('offline'))
    providers.offline = createOfflineProvider({
      embedder: deps.embedder ?? createHashingEmbedder({ dimension: config.embedding.dimension }),
    });
  if (used.has('bedrock') && settings.guardrail !== undefined)
    providers.bedrock = createBedrockProvider({
      client: deps.bedrock ?? new BedrockRuntimeClient({ region: settings.region, maxAttempts: 1 }),
      guardrail: settings.guardrail,
    });
  if (used.has('openai-compatible') && settings.openAiCompatible !== undefined)
    providers['openai-compatible'] = createOpenAiCompatibleProvider({
      ...settings.openAiCompatible,
      ...(deps.fetch !== undefined ? { fetch: deps.fetch } : {}),
    });
  const ledger = deps.ledger ?? (deps.db !== undefined ? createPostgresLedger(deps.db) : undefined);
  if (ledger === undefined)
    throw new RuntimeConfigError('The inference layer needs a database (deps.db) or a ledger to record every call.');
  return createInference({ ...deps.overrides, settings, providers, ledger });
}
