import type { OperationRequest } from '../operations/operation';
import type { Prompt } from '../prompts';
import type { ModelProvider } from '../settings';

/** One call to a model: the operation, its prompt and the model id the alias names. */
export interface ProviderCall {
  readonly request: OperationRequest;
  readonly prompt: Prompt;
  readonly modelId: string;
  /** Aborts the call when its timeout passes. */
  readonly signal: AbortSignal;
}

/** What a guardrail did to a call. */
export interface GuardrailIntervention {
  /** `INTERVENED`: blocked or masked; the policies say which. */
  readonly action: 'INTERVENED';
  /** What fired, e.g. `content:PROMPT_ATTACK`, `topic:CredentialDisclosure`, `pii:EMAIL`. */
  readonly policies: readonly string[];
}

/** A model's answer: raw output (never trusted; the runner validates it) and usage. */
export interface ProviderReply {
  /** The tool-call arguments or parsed JSON; the raw text when it is not JSON. */
  readonly output: unknown;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Set when a guardrail intervened. */
  readonly guardrail?: GuardrailIntervention;
}

/** Why a provider call failed. THROTTLED and UNAVAILABLE are worth retrying. */
export type ProviderErrorKind = 'THROTTLED' | 'UNAVAILABLE' | 'TIMEOUT' | 'FAILED';

/** A failed provider call, classified so the gateway can retry, fall back or give up. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    options: { readonly cause?: unknown; readonly retryAfterMs?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
  }
  readonly retryAfterMs: number | undefined;
}

/** Turns an operation into calls on one kind of model service. */
export interface Provider {
  readonly name: ModelProvider;
  invoke(call: ProviderCall): Promise<ProviderReply>;
}

/** Rejects with TIMEOUT when the signal aborts first, even if the underlying call ignores it. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  if (signal.aborted) return Promise.reject(timeoutError(what, signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(timeoutError(what, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? timeoutError(what, signal) : error);
      },
    );
  });
}

function timeoutError(what: string, signal: AbortSignal): ProviderError {
  return new ProviderError('TIMEOUT', `${what} did not answer before its timeout`, { cause: signal.reason });
}

/** Parses model text as JSON, tolerating a fenced code block; returns the text itself when it is not JSON. */
export function parseModelText(text: string): unknown {
  const trimmed = text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/u, '$1');
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}
