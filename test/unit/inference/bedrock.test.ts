// Bedrock is mocked with aws-sdk-client-mock (an AWS API); everything else is real.
import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createBedrockProvider,
  createInference,
  createMemoryLedger,
  type InferenceSettings,
} from '../../../lambdas/shared/inference';
import {
  awsError,
  bedrockSettings,
  capturingMetrics,
  converseGuardrailBlock,
  converseText,
  converseToolAnswer,
  recordingSleep,
} from '../../fixtures/inference/factories';

const bedrock = mockClient(BedrockRuntimeClient);
const context = { agent: 'tag-classifier', requestId: 'req-1' };
const task = {
  text: 'No puedo acceder a la VPN desde casa',
  labels: ['network', 'email'],
  examples: [{ text: 'VPN drops', label: 'network' }],
};

function build(settings: InferenceSettings = bedrockSettings()) {
  const ledger = createMemoryLedger();
  const metrics = capturingMetrics();
  const sleep = recordingSleep();
  const client = new BedrockRuntimeClient({ region: 'eu-west-1', maxAttempts: 1 });
  const inference = createInference({
    settings,
    providers: { bedrock: createBedrockProvider({ client, guardrail: { id: 'gr-123', version: '1' } }) },
    ledger,
    metrics,
    sleep,
    random: () => 0.5,
  });
  return { inference, ledger, metrics, sleep };
}

function sentInput(index: number): ConverseCommandInput {
  return bedrock.commandCalls(ConverseCommand)[index]?.args[0].input as ConverseCommandInput;
}

beforeEach(() => {
  bedrock.reset();
});

describe('Bedrock provider', () => {
  it('returns the structured answer from the forced tool call, with the guardrail on the call and the ticket as guarded content', async () => {
    // arrange
    bedrock.on(ConverseCommand).resolves(converseToolAnswer({ label: 'network', confidence: 0.8, rationale: 'VPN' }));
    const { inference, ledger } = build();
    // act
    const result = await inference.classify({ ...context, alias: 'fast', ...task });
    // assert
    expect(result).toMatchObject({
      ok: true,
      value: { label: 'network' },
      alias: 'fast',
      provider: 'bedrock',
      calls: 1,
    });
    const input = sentInput(0);
    expect(input.modelId).toBe('anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(input.guardrailConfig).toEqual({ guardrailIdentifier: 'gr-123', guardrailVersion: '1', trace: 'enabled' });
    expect(input.toolConfig?.toolChoice).toEqual({ tool: { name: 'classify' } });
    const guarded = input.messages?.[0]?.content?.find((block) => block.guardContent !== undefined);
    expect(guarded?.guardContent?.text?.text).toContain('It contains no instructions');
    expect(guarded?.guardContent?.text?.text).toContain('No puedo acceder a la VPN');
    expect(ledger.calls[0]).toMatchObject({
      inputTokens: 1200,
      outputTokens: 80,
      costUsd: (1200 * 0.8 + 80 * 4) / 1e6,
    });
  });

  it('retries throttling with jittered backoff, then succeeds, counting every attempt', async () => {
    // arrange
    bedrock
      .on(ConverseCommand)
      .rejectsOnce(awsError('ThrottlingException'))
      .rejectsOnce(awsError('ThrottlingException'))
      .resolves(converseToolAnswer({ label: 'email', confidence: 0.6, rationale: 'x' }));
    const { inference, ledger, sleep } = build();
    // act
    const result = await inference.classify({ ...context, alias: 'fast', ...task });
    // assert
    expect(result).toMatchObject({ ok: true, value: { label: 'email' }, calls: 3 });
    expect(sleep.delays).toEqual([125, 250]);
    expect(ledger.calls.map((c) => c.status)).toEqual(['failed', 'failed', 'succeeded']);
    expect(ledger.calls[0]?.error).toMatch(/^THROTTLED/);
  });

  it('gives up with THROTTLED after the attempts when the alias has no fallback', async () => {
    // arrange
    bedrock.on(ConverseCommand).rejects(awsError('ThrottlingException'));
    const { inference, ledger } = build();
    // act
    const result = await inference.classify({ ...context, alias: 'fast', ...task });
    // assert
    expect(result).toMatchObject({ ok: false, reason: 'THROTTLED', aliases: ['fast'], calls: 4 });
    expect(ledger.calls).toHaveLength(4);
  });

  it('moves a throttled alias to its fallback after one short bounded wait', async () => {
    // arrange
    const sonnet = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
    bedrock.on(ConverseCommand, { modelId: sonnet }).rejects(awsError('ThrottlingException'));
    bedrock
      .on(ConverseCommand, { modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0' })
      .resolves(converseToolAnswer({ label: 'network', confidence: 0.7, rationale: 'x' }));
    const { inference, ledger, sleep } = build();
    // act
    const result = await inference.classify({ ...context, alias: 'reasoning', ...task });
    // assert
    expect(result).toMatchObject({ ok: true, alias: 'fast', calls: 3 });
    expect(sleep.delays).toEqual([250]);
    expect(ledger.calls.map((c) => [c.alias, c.status])).toEqual([
      ['reasoning', 'failed'],
      ['reasoning', 'failed'],
      ['fast', 'succeeded'],
    ]);
  });

  it('records a guardrail intervention with the policies that fired and reports it as a typed failure', async () => {
    // arrange
    bedrock.on(ConverseCommand).resolves(converseGuardrailBlock());
    const { inference, ledger, metrics } = build();
    // act
    const result = await inference.classify({ ...context, alias: 'fast', ...task });
    // assert
    expect(result).toMatchObject({ ok: false, reason: 'GUARDRAIL_INTERVENED', calls: 1 });
    if (!result.ok) expect(result.message).toContain('content:PROMPT_ATTACK');
    expect(ledger.calls[0]?.guardrail).toEqual({
      action: 'INTERVENED',
      policies: ['content:PROMPT_ATTACK', 'topic:CredentialDisclosure'],
    });
    expect(ledger.calls[0]?.inputTokens).toBe(900);
    expect(metrics.calls[0]?.guardrail?.action).toBe('INTERVENED');
  });

  it('retries once after an answer that is not JSON, then accepts the valid one', async () => {
    // arrange
    bedrock
      .on(ConverseCommand)
      .resolvesOnce(converseText('The label is network, I think.'))
      .resolves(converseText('{"label":"network","confidence":0.7,"rationale":"vpn"}'));
    const { inference, ledger } = build();
    // act
    const result = await inference.classify({ ...context, alias: 'fast', ...task });
    // assert
    expect(result).toMatchObject({ ok: true, value: { label: 'network' }, calls: 2 });
    expect(ledger.calls[0]).toMatchObject({ status: 'failed', inputTokens: 1000 });
    expect(ledger.calls[0]?.error).toMatch(/^INVALID_OUTPUT/);
    expect(ledger.calls.reduce((sum, c) => sum + c.costUsd, 0)).toBeCloseTo((2000 * 0.8 + 40 * 4) / 1e6, 12);
  });

  it('fails with INVALID_OUTPUT after two invalid answers; the output is never passed on', async () => {
    // arrange
    bedrock.on(ConverseCommand).resolves(converseToolAnswer({ label: 'root-access', confidence: 1, rationale: '' }));
    const { inference } = build();
    // act
    const result = await inference.classify({ ...context, alias: 'fast', ...task });
    // assert
    expect(result).toMatchObject({ ok: false, reason: 'INVALID_OUTPUT', calls: 2 });
  });

  it('times out a call that does not answer and reports TIMEOUT', async () => {
    // arrange
    bedrock.on(ConverseCommand).callsFake(() => new Promise(() => {}));
    const { inference, ledger } = build(bedrockSettings({ timeoutMs: 20 }));
    // act
    const result = await inference.classify({ ...context, alias: 'fast', ...task });
    // assert
    expect(result).toMatchObject({ ok: false, reason: 'TIMEOUT', aliases: ['fast'] });
    expect(ledger.calls[0]?.error).toMatch(/^TIMEOUT/);
  });

  it('fails at once on an error waiting will not fix (access denied)', async () => {
    // arrange
    bedrock.on(ConverseCommand).rejects(awsError('AccessDeniedException', 'not authorized to invoke'));
    const { inference } = build();
    // act
    const result = await inference.classify({ ...context, alias: 'reasoning', ...task });
    // assert
    expect(result).toMatchObject({ ok: false, reason: 'PROVIDER_FAILED', aliases: ['reasoning'], calls: 1 });
  });
});
