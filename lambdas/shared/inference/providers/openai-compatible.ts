import { z } from 'zod';
import {
  type Provider,
  type ProviderCall,
  ProviderError,
  type ProviderReply,
  parseModelText,
  raceAbort,
} from './provider';

/** How to build the OpenAI-compatible provider. */
export interface OpenAiCompatibleProviderOptions {
  /** e.g. `http://litellm:4000/v1`, `http://localhost:11434/v1` (Ollama), `http://vllm:8000/v1`. */
  readonly baseUrl: string;
  /** Sent as a bearer token when set. */
  readonly apiKey?: string;
  /**
   * `json_schema`: `response_format` with the answer's JSON Schema (OpenAI, vLLM,
   * Ollama, LiteLLM); `tools`: a forced function call, for servers without it.
   * @default 'json_schema'
   */
  readonly structuredOutput?: 'json_schema' | 'tools';
  /** @default 1024 */
  readonly maxOutputTokens?: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

const ChatCompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z.array(z.object({ function: z.object({ name: z.string(), arguments: z.string() }) })).nullish(),
        }),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0) }).nullish(),
});

/**
 * Chat completions on any OpenAI-compatible server (a LiteLLM proxy, vLLM, Ollama):
 * structured output through `response_format: json_schema` or a forced tool call.
 * 429 is throttling (honouring Retry-After), 5xx unavailability; `finish_reason:
 * content_filter` (a proxy-side guardrail) is reported as a guardrail intervention.
 */
export function createOpenAiCompatibleProvider(options: OpenAiCompatibleProviderOptions): Provider {
  const doFetch = options.fetch ?? globalThis.fetch;
  const mode = options.structuredOutput ?? 'json_schema';
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  return {
    name: 'openai-compatible',
    async invoke(call: ProviderCall): Promise<ProviderReply> {
      const { prompt } = call;
      const body = {
        model: call.modelId,
        temperature: 0,
        max_tokens: options.maxOutputTokens ?? 1024,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: `${prompt.instructions}\n\n${prompt.data}` },
        ],
        ...(mode === 'json_schema'
          ? {
              response_format: {
                type: 'json_schema',
                json_schema: { name: prompt.toolName, schema: prompt.jsonSchema },
              },
            }
          : {
              tools: [
                {
                  type: 'function',
                  function: {
                    name: prompt.toolName,
                    description: prompt.toolDescription,
                    parameters: prompt.jsonSchema,
                  },
                },
              ],
              tool_choice: { type: 'function', function: { name: prompt.toolName } },
            }),
      };
      const what = `OpenAI-compatible model ${call.modelId} at ${url}`;
      let response: Response;
      let text: string;
      try {
        response = await raceAbort(
          doFetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(options.apiKey !== undefined ? { authorization: `Bearer ${options.apiKey}` } : {}),
            },
            body: JSON.stringify(body),
            signal: call.signal,
          }),
          call.signal,
          what,
        );
        text = await raceAbort(response.text(), call.signal, what);
      } catch (error) {
        if (error instanceof ProviderError) throw error;
        throw new ProviderError('UNAVAILABLE', `${what}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
      if (!response.ok) throw statusError(response, text, what);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new ProviderError('FAILED', `${what} answered a body that is not JSON`, { cause: error });
      }
      const parsed = ChatCompletionSchema.safeParse(json);
      if (!parsed.success)
        throw new ProviderError('FAILED', `${what} answered an unexpected body: ${parsed.error.message}`);
      const choice = parsed.data.choices[0] as z.infer<typeof ChatCompletionSchema>['choices'][number];
      const toolCall = choice.message.tool_calls?.[0];
      const output = parseModelText(
        toolCall !== undefined ? toolCall.function.arguments : (choice.message.content ?? ''),
      );
      return {
        output,
        inputTokens: parsed.data.usage?.prompt_tokens ?? 0,
        outputTokens: parsed.data.usage?.completion_tokens ?? 0,
        ...(choice.finish_reason === 'content_filter'
          ? { guardrail: { action: 'INTERVENED' as const, policies: ['content_filter'] } }
          : {}),
      };
    },
  };
}

function statusError(response: Response, body: string, what: string): ProviderError {
  const message = `${what} answered HTTP ${response.status}: ${body.slice(0, 300)}`;
  if (response.status === 429) {
    const seconds = Number(response.headers.get('retry-after'));
    return new ProviderError(
      'THROTTLED',
      message,
      Number.isFinite(seconds) && seconds > 0 ? { retryAfterMs: seconds * 1000 } : {},
    );
  }
  if (response.status >= 500) return new ProviderError('UNAVAILABLE', message);
  return new ProviderError('FAILED', message);
}
