// Bedrock is mocked with aws-sdk-client-mock (an AWS API); the offline provider and the steps are real.
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { ChangeAssociatorOutput } from '../../../lambdas/change-associator';
import { createHashingEmbedder } from '../../../lambdas/shared/embeddings';
import {
  createBedrockProvider,
  createInference,
  createMemoryLedger,
  createOfflineProvider,
} from '../../../lambdas/shared/inference';
import type { ModelMode } from '../../../lambdas/smart-solver/agent-contract';
import { rankCauses, refineTags, summariseContext } from '../../../lambdas/smart-solver/model-steps';
import { createUsageTap } from '../../../lambdas/smart-solver/usage-tap';
import type { TagClassifierOutput } from '../../../lambdas/tag-classifier';
import { bedrockSettings, converseToolAnswer, inferenceSettings } from '../../fixtures/inference/factories';

function context(mode: ModelMode) {
  const memory = createMemoryLedger();
  const tap = createUsageTap(memory);
  const inference = createInference({
    settings: inferenceSettings(),
    providers: { offline: createOfflineProvider({ embedder: createHashingEmbedder({ dimension: 64 }) }) },
    ledger: tap.ledger,
    metrics: { record: () => undefined },
  });
  return { ctx: { inference, requestId: 'req-1', alias: 'fast', mode }, memory, tap };
}

const bedrock = mockClient(BedrockRuntimeClient);

/** A model step context on Bedrock (Haiku as `fast`), answering every classify call with `answer`. */
function bedrockContext(answer: { label: string; confidence: number }) {
  bedrock.reset();
  bedrock.on(ConverseCommand).resolves(converseToolAnswer({ ...answer, rationale: 'from the examples' }));
  const client = new BedrockRuntimeClient({ region: 'eu-west-1', maxAttempts: 1 });
  const inference = createInference({
    settings: bedrockSettings(),
    providers: { bedrock: createBedrockProvider({ client, guardrail: { id: 'gr-123', version: '1' } }) },
    ledger: createMemoryLedger(),
    metrics: { record: () => undefined },
  });
  return { inference, requestId: 'req-1', alias: 'fast', mode: 'when-uncertain' as const };
}

const guess = (value: string, confidence: number) => ({
  value,
  confidence,
  alternatives: [{ value: `${value}-alt`, confidence: 1 - confidence - 0.05 }],
});

function tags(overrides: Partial<TagClassifierOutput> = {}): TagClassifierOutput {
  return {
    category: guess('network', 0.9),
    subcategory: guess('vpn', 0.8),
    assignmentGroup: guess('NET', 0.7),
    tags: [],
    uncertainFields: [],
    confident: true,
    threshold: 0.5,
    historySize: 100,
    basis: 'history',
    ...overrides,
  };
}

const examples = (_field: string, label: string) => [`${label} example one`, `${label} example two`];
const text = { shortDescription: 'VPN drops every hour', description: '' };

function causes(scores: number[]): ChangeAssociatorOutput {
  return {
    windowHours: 72,
    considered: scores.length,
    likelyCauses: scores.map((score, i) => ({
      sysId: `c${i}`,
      number: `CHG000000${i}`,
      shortDescription: `change ${i}`,
      state: 'review',
      cmdbCi: null,
      relation: 'same_ci' as const,
      implementedAt: null,
      hoursBeforeIncident: i + 1,
      score,
      reasons: [],
    })),
  };
}

describe('the agents’ model steps', () => {
  it('skips the model for confident tags from history when only uncertain results may use it', async () => {
    // arrange
    const { ctx, memory } = context('when-uncertain');
    // act
    const step = await refineTags(ctx, text, tags(), examples);
    // assert
    expect(step.asked).toBe(false);
    expect(step.reason).toBe('confident tags from history: the model is skipped');
    expect(memory.calls).toHaveLength(0);
  });

  it('asks the model about the uncertain field only, and reports the call through the usage tap', async () => {
    // arrange
    const { ctx, memory, tap } = context('when-uncertain');
    const uncertain = tags({
      assignmentGroup: guess('NET', 0.3),
      uncertainFields: ['assignmentGroup'],
      confident: false,
    });
    // act
    const step = await refineTags(ctx, text, uncertain, examples);
    // assert
    expect(step.asked).toBe(true);
    expect(memory.calls.map((c) => [c.agent, c.operation])).toEqual([['tag-classifier', 'classify']]);
    expect(tap.take('req-1', 'tag-classifier').modelCalls).toBe(1);
    expect(tap.take('req-1', 'tag-classifier').modelCalls).toBe(0);
  });

  it("replaces an uncertain field with a hosted model's more confident answer, keeping history's as an alternative", async () => {
    // arrange
    const ctx = bedrockContext({ label: 'NET-alt', confidence: 0.8 });
    const uncertain = tags({
      assignmentGroup: guess('NET', 0.3),
      uncertainFields: ['assignmentGroup'],
      confident: false,
    });
    // act
    const step = await refineTags(ctx, text, uncertain, examples);
    // assert
    expect(step.output.assignmentGroup).toEqual({
      value: 'NET-alt',
      confidence: 0.8,
      alternatives: [{ value: 'NET', confidence: 0.3 }],
    });
    expect(step.output.uncertainFields).toEqual([]);
    expect(step.reason).toContain('the model changed assignmentGroup');
  });

  it("keeps history's label when a hosted model's other answer is less sure than history", async () => {
    // arrange
    const ctx = bedrockContext({ label: 'NET-alt', confidence: 0.25 });
    const uncertain = tags({
      assignmentGroup: guess('NET', 0.3),
      uncertainFields: ['assignmentGroup'],
      confident: false,
    });
    // act
    const step = await refineTags(ctx, text, uncertain, examples);
    // assert
    expect(step.output.assignmentGroup?.value).toBe('NET');
    expect(step.reason).not.toContain('changed');
  });

  it("never lets the offline provider's other answer replace history's label, and says so", async () => {
    // arrange: the examples make the offline vote pick the alternative, sure of it
    const { ctx, memory } = context('when-uncertain');
    const uncertain = tags({
      assignmentGroup: guess('NET', 0.3),
      uncertainFields: ['assignmentGroup'],
      confident: false,
    });
    const leaning = (_field: string, label: string) =>
      label === 'NET' ? ['printer toner empty'] : ['VPN drops every hour', 'VPN drops every hour again'];
    // act
    const step = await refineTags(ctx, text, uncertain, leaning);
    // assert
    expect(memory.calls).toHaveLength(1);
    expect(step.output.assignmentGroup?.value).toBe('NET');
    expect(step.reason).toContain(
      "the offline model's other answer for assignmentGroup left history's label (it votes over the same history)",
    );
  });

  it('asks the model about every predicted field in the all-agents mode', async () => {
    // arrange
    const { ctx, memory } = context('always');
    // act
    await refineTags(ctx, text, tags(), examples);
    // assert
    expect(memory.calls).toHaveLength(3);
  });

  it.each([
    ['when-uncertain', [0.9, 0.5], 0],
    ['when-uncertain', [0.62, 0.6], 1],
    ['always', [0.9, 0.5], 1],
    ['never', [0.62, 0.6], 0],
  ] as const)('ranks causes with the model in mode %s for scores %o: %i call(s)', async (mode, scores, calls) => {
    // arrange
    const { ctx, memory } = context(mode);
    // act
    const step = await rankCauses(ctx, text, causes([...scores]));
    // assert
    expect(memory.calls).toHaveLength(calls);
    expect(step.output.likelyCauses.map((c) => c.number)).toEqual(['CHG0000000', 'CHG0000001']);
  });

  it('summarises the context only in the all-agents mode', async () => {
    // arrange
    const out = { ci: null, supportGroup: null, relatedCis: [], recentIncidents: [], recentChanges: [] };
    const solver = context('when-uncertain');
    const all = context('always');
    // act
    await summariseContext(solver.ctx, out);
    const step = await summariseContext(all.ctx, out);
    // assert
    expect(solver.memory.calls).toHaveLength(0);
    expect(all.memory.calls).toHaveLength(1);
    expect(step.output.summary).toEqual(expect.any(String));
  });
});
