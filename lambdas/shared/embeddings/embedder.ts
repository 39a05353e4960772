import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { EmbeddingSettings } from '../config';
import { AppError } from '../errors';
import { createHashingEmbedder } from './hashing-embedder';
import { createTitanEmbedder } from './titan-embedder';

/** Turns texts into vectors for similarity search; one vector per text, in order. */
export interface Embedder {
  /** The model the vectors come from; vectors of different models are not comparable. */
  readonly modelId: string;
  /** The length of every vector. */
  readonly dimension: number;
  embed(texts: readonly string[]): Promise<number[][]>;
}

/** Clients an embedder may use; created once at module scope by the caller. */
export interface EmbedderDependencies {
  /** Required when `settings.provider` is `bedrock`. */
  readonly bedrock?: BedrockRuntimeClient;
}

/**
 * The embedder the settings ask for: Titan Text Embeddings v2 on Bedrock, or the
 * offline feature-hashing embedder (which ignores `settings.modelId`: its vectors
 * are its own, stored under its own model id).
 */
export function createEmbedder(settings: EmbeddingSettings, deps: EmbedderDependencies = {}): Embedder {
  if (settings.provider === 'offline') return createHashingEmbedder({ dimension: settings.dimension });
  if (deps.bedrock === undefined) {
    throw new AppError(
      'INTERNAL',
      `The bedrock embedding provider (${settings.modelId}) needs a BedrockRuntimeClient in deps.bedrock; create it once at module scope.`,
    );
  }
  return createTitanEmbedder({ client: deps.bedrock, modelId: settings.modelId, dimension: settings.dimension });
}
