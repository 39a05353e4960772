import { type BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { z } from 'zod';
import { RuntimeConfigError } from '../config';
import { AppError } from '../errors';
import type { Embedder } from './embedder';

/** Titan Text Embeddings v2, the Bedrock embedding model Switchyard is built for. */
export const TITAN_EMBED_TEXT_V2 = 'amazon.titan-embed-text-v2:0';

/** The output sizes Titan Text Embeddings v2 offers. */
export const TITAN_DIMENSIONS = [256, 512, 1024] as const;

/**
 * Titan v2 takes at most 8,192 tokens and 50,000 characters. Spanish and technical
 * text runs near 3 characters a token, so 24,000 characters stays under both.
 */
export const TITAN_MAX_INPUT_CHARS = 24_000;

// Transient by nature; anything else (access, validation, a missing model) will not
// get better by waiting, so it fails at once.
const RETRYABLE_ERRORS = new Set(['ThrottlingException', 'ServiceUnavailableException', 'ModelNotReadyException']);

/** How to build the Titan embedder. */
export interface TitanEmbedderOptions {
  /** The Bedrock runtime client, created once at module scope by the caller. */
  readonly client: BedrockRuntimeClient;
  /** @default TITAN_EMBED_TEXT_V2 */
  readonly modelId?: string;
  /** 256, 512 or 1024. */
  readonly dimension: number;
  /** How many InvokeModel calls a batch keeps in flight. @default 8 */
  readonly concurrency?: number;
  /** Attempts per text, counting the first, on throttling or unavailability. @default 5 */
  readonly maxAttempts?: number;
  /** First backoff ceiling; doubles per attempt, with full jitter. @default 250 */
  readonly baseDelayMs?: number;
  /** Backoff ceiling. @default 8000 */
  readonly maxDelayMs?: number;
  /** Longer texts are cut to this many characters. @default TITAN_MAX_INPUT_CHARS */
  readonly maxInputChars?: number;
  /** @default setTimeout-based sleep; tests pass one that does not wait */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/**
 * Embeds texts with Titan Text Embeddings v2 on Bedrock. The model takes one text per
 * call, so a batch fans out over at most `concurrency` calls and keeps its order.
 *
 * Retries: the SDK client retries throttling a few times itself (standard mode, 3
 * attempts) with short delays. On top of that, each text gets `maxAttempts` attempts
 * with jittered exponential backoff long enough to ride out a throttling burst over a
 * whole batch. Create the client with `maxAttempts: 1` to make this the only layer.
 *
 * An empty (or whitespace-only) text is not sent, since Titan rejects it; it gets
 * the zero vector, as with the offline embedder.
 */
export function createTitanEmbedder(options: TitanEmbedderOptions): Embedder {
  const modelId = options.modelId ?? TITAN_EMBED_TEXT_V2;
  const { dimension } = options;
  if (!(TITAN_DIMENSIONS as readonly number[]).includes(dimension)) {
    throw new RuntimeConfigError(
      `The embedding dimension ${dimension} is not offered by ${modelId}; use one of ${TITAN_DIMENSIONS.join(', ')}.`,
    );
  }
  const settings = {
    client: options.client,
    modelId,
    dimension,
    maxAttempts: Math.max(1, options.maxAttempts ?? 5),
    baseDelayMs: options.baseDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 8000,
    maxInputChars: options.maxInputChars ?? TITAN_MAX_INPUT_CHARS,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    responseSchema: z.object({ embedding: z.array(z.number()).length(dimension) }),
  };
  const concurrency = Math.max(1, options.concurrency ?? 8);
  return {
    modelId,
    dimension,
    embed: (texts) => mapConcurrently(texts, concurrency, (text) => embedOne(settings, text)),
  };
}

interface TitanSettings {
  readonly client: BedrockRuntimeClient;
  readonly modelId: string;
  readonly dimension: number;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxInputChars: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly responseSchema: z.ZodType<{ embedding: number[] }>;
}

async function embedOne(settings: TitanSettings, text: string): Promise<number[]> {
  if (text.trim() === '') return new Array<number>(settings.dimension).fill(0);
  const command = new InvokeModelCommand({
    modelId: settings.modelId,
    contentType: 'application/json',
    accept: 'application/json',
    body: JSON.stringify({
      inputText: truncate(text, settings.maxInputChars),
      dimensions: settings.dimension,
      normalize: true,
    }),
  });
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await settings.client.send(command);
      return parseResponse(settings, response.body);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const name = error instanceof Error ? error.name : 'UnknownError';
      const message = error instanceof Error ? error.message : String(error);
      if (!RETRYABLE_ERRORS.has(name)) {
        throw new AppError('DEPENDENCY_FAILED', `Embedding model ${settings.modelId} failed: ${name}: ${message}`, {
          cause: error,
        });
      }
      if (attempt >= settings.maxAttempts) {
        throw new AppError(
          name === 'ThrottlingException' ? 'THROTTLED' : 'UNAVAILABLE',
          `Embedding model ${settings.modelId} still answered ${name} after ${attempt} attempts; try again later.`,
          { cause: error },
        );
      }
      const ceilingMs = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
      await settings.sleep(Math.floor(settings.random() * ceilingMs));
    }
  }
}

function parseResponse(settings: TitanSettings, body: Uint8Array | undefined): number[] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body ?? new Uint8Array()));
  } catch (error) {
    throw new AppError('DEPENDENCY_FAILED', `Embedding model ${settings.modelId} returned a body that is not JSON.`, {
      cause: error,
    });
  }
  const parsed = settings.responseSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
    throw new AppError(
      'DEPENDENCY_FAILED',
      `Embedding model ${settings.modelId} returned an unexpected response (expected ${settings.dimension} numbers in "embedding"): ${problems.join('; ')}`,
    );
  }
  return parsed.data.embedding;
}

// Cuts at the limit without splitting a UTF-16 surrogate pair.
function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/**
 * Maps items with at most `limit` calls in flight, results in input order. After a
 * failure no new call starts, and the first error is thrown.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.min(limit, items.length) }, worker);
  await Promise.all(workers);
  return results;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
