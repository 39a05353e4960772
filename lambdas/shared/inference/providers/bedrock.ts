import {
  type BedrockRuntimeClient,
  type ContentBlock,
  ConverseCommand,
  type ConverseResponse,
  type GuardrailAssessment,
} from '@aws-sdk/client-bedrock-runtime';
import {
  type GuardrailIntervention,
  type Provider,
  type ProviderCall,
  ProviderError,
  type ProviderReply,
  parseModelText,
  raceAbort,
} from './provider';

/** How to build the Bedrock provider. */
export interface BedrockProviderOptions {
  /**
   * Created once at module scope with `maxAttempts: 1`, so the gateway's throttling
   * policy (backoff, fallback) is the only retry layer and every attempt is counted.
   */
  readonly client: BedrockRuntimeClient;
  /** Carried by every Converse call. */
  readonly guardrail: { readonly id: string; readonly version: string };
  /** @default 1024 */
  readonly maxOutputTokens?: number;
}

// Transient by nature; anything else (access, validation, a missing model) will not get better by waiting.
const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException']);
const UNAVAILABLE = new Set(['ServiceUnavailableException', 'ModelNotReadyException', 'InternalServerException']);

/**
 * Bedrock through the Converse API: the answer comes back as the arguments of the one
 * tool the model is made to call (structured output), the ticket data travels in a
 * `guardContent` block so the guardrail's prompt-attack filter assesses it as user
 * input, and every call carries `guardrailConfig` with tracing on, so an intervention
 * is reported with the policies that fired.
 */
export function createBedrockProvider(options: BedrockProviderOptions): Provider {
  const maxTokens = options.maxOutputTokens ?? 1024;
  return {
    name: 'bedrock',
    async invoke(call: ProviderCall): Promise<ProviderReply> {
      const { prompt } = call;
      const command = new ConverseCommand({
        modelId: call.modelId,
        system: [{ text: prompt.system }],
        messages: [
          {
            role: 'user',
            content: [{ text: prompt.instructions }, { guardContent: { text: { text: prompt.data } } }],
          },
        ],
        toolConfig: {
          tools: [
            {
              toolSpec: {
                name: prompt.toolName,
                description: prompt.toolDescription,
                // The SDK types a JSON document as its own DocumentType; a JSON Schema object is one.
                inputSchema: { json: prompt.jsonSchema as never },
              },
            },
          ],
          toolChoice: { tool: { name: prompt.toolName } },
        },
        inferenceConfig: { maxTokens, temperature: 0 },
        guardrailConfig: {
          guardrailIdentifier: options.guardrail.id,
          guardrailVersion: options.guardrail.version,
          trace: 'enabled',
        },
      });
      let response: ConverseResponse;
      try {
        response = await raceAbort(
          options.client.send(command, { abortSignal: call.signal }),
          call.signal,
          `Bedrock model ${call.modelId}`,
        );
      } catch (error) {
        throw classify(error, call.modelId);
      }
      return toReply(response);
    },
  };
}

function classify(error: unknown, modelId: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const name = error instanceof Error ? error.name : 'UnknownError';
  const message = `Bedrock model ${modelId}: ${name}: ${error instanceof Error ? error.message : String(error)}`;
  if (THROTTLING.has(name)) return new ProviderError('THROTTLED', message, { cause: error });
  if (UNAVAILABLE.has(name)) return new ProviderError('UNAVAILABLE', message, { cause: error });
  if (name === 'AbortError' || name === 'TimeoutError') return new ProviderError('TIMEOUT', message, { cause: error });
  return new ProviderError('FAILED', message, { cause: error });
}

function toReply(response: ConverseResponse): ProviderReply {
  const content: ContentBlock[] = response.output?.message?.content ?? [];
  const toolUse = content.find((block) => block.toolUse !== undefined)?.toolUse;
  const text = content
    .map((block) => block.text)
    .filter((t): t is string => t !== undefined)
    .join('');
  const output = toolUse !== undefined ? toolUse.input : parseModelText(text);
  const intervened = response.stopReason === 'guardrail_intervened';
  const guardrail: GuardrailIntervention | undefined = intervened
    ? { action: 'INTERVENED', policies: guardrailPolicies(response) }
    : undefined;
  return {
    output,
    inputTokens: response.usage?.inputTokens ?? 0,
    outputTokens: response.usage?.outputTokens ?? 0,
    ...(guardrail !== undefined ? { guardrail } : {}),
  };
}

/** The policies that acted, from the guardrail trace: `content:PROMPT_ATTACK`, `topic:…`, `pii:EMAIL`, … */
export function guardrailPolicies(response: ConverseResponse): string[] {
  const trace = response.trace?.guardrail;
  const assessments: GuardrailAssessment[] = [
    ...Object.values(trace?.inputAssessment ?? {}),
    ...Object.values(trace?.outputAssessments ?? {}).flat(),
  ];
  const found = new Set<string>();
  const acted = (action: string | undefined, detected?: boolean) =>
    action !== undefined && action !== 'NONE' && detected !== false;
  for (const a of assessments) {
    for (const t of a.topicPolicy?.topics ?? []) if (acted(t.action, t.detected)) found.add(`topic:${t.name}`);
    for (const f of a.contentPolicy?.filters ?? []) if (acted(f.action, f.detected)) found.add(`content:${f.type}`);
    for (const p of a.sensitiveInformationPolicy?.piiEntities ?? [])
      if (acted(p.action, p.detected)) found.add(`pii:${p.type}`);
    for (const r of a.sensitiveInformationPolicy?.regexes ?? [])
      if (acted(r.action, r.detected)) found.add(`regex:${r.name}`);
    for (const w of a.wordPolicy?.customWords ?? []) if (acted(w.action, w.detected)) found.add('word:custom');
    for (const w of a.wordPolicy?.managedWordLists ?? []) if (acted(w.action, w.detected)) found.add(`word:${w.type}`);
  }
  return found.size > 0 ? [...found].sort() : ['unspecified'];
}
