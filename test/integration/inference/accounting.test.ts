// The ledger on a real PostgreSQL (PGlite on its thread, through pg); Bedrock is mocked
// with aws-sdk-client-mock (an AWS API).
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAgentRuns } from '../../../lambdas/shared/db/agent-runs';
import { getInferenceSpend } from '../../../lambdas/shared/db/inference-spend';
import { createHashingEmbedder } from '../../../lambdas/shared/embeddings';
import {
  createBedrockProvider,
  createInference,
  createOfflineProvider,
  createPostgresLedger,
  type InferenceBudgets,
  type InferenceSettings,
} from '../../../lambdas/shared/inference';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import {
  awsError,
  bedrockSettings,
  capturingMetrics,
  converseGuardrailBlock,
  converseToolAnswer,
  inferenceSettings,
  recordingSleep,
} from '../../fixtures/inference/factories';

let db: TestDatabase;
const bedrock = mockClient(BedrockRuntimeClient);
const PREMIUM = 'switchyard-offline-premium';

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: 64 });
}, 60_000);

afterAll(async () => {
  await db.stop();
});

beforeEach(async () => {
  bedrock.reset();
  await db.pool.query('TRUNCATE agent_runs, inference_spend');
});

// `premium` runs the offline algorithms under a custom, non-zero price; `free` is priced 0.
function pricedSettings(budgets: Partial<InferenceBudgets> = {}, fallback = true): InferenceSettings {
  return inferenceSettings({
    aliases: {
      premium: { provider: 'offline', modelId: PREMIUM, ...(fallback ? { fallback: 'free' } : {}) },
      free: { provider: 'offline', modelId: 'switchyard-offline-v1' },
    },
    prices: {
      [PREMIUM]: { inputUsdPerMTok: 2.5, outputUsdPerMTok: 10 },
      'switchyard-offline-v1': { inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
    },
    budgets: { aliases: {}, agents: {}, ...budgets },
  });
}

function offlineInference(settings: InferenceSettings, clock = { now: new Date('2026-11-27T10:00:00Z') }) {
  const metrics = capturingMetrics();
  const inference = createInference({
    settings,
    providers: { offline: createOfflineProvider({ embedder: createHashingEmbedder({ dimension: 64 }) }) },
    ledger: createPostgresLedger(db.pool),
    metrics,
    now: () => clock.now,
  });
  return { inference, metrics, clock };
}

const summarise = (requestId: string, alias = 'premium', agent = 'smart-solver') => ({
  agent,
  requestId,
  alias,
  text: 'The billing database stopped accepting connections. Users cannot open accounts. The DBA restarted the listener.',
});

describe('accounting in PostgreSQL', () => {
  it('records every call with alias, provider, model, operation, tokens and a custom price never read as zero', async () => {
    // arrange
    const { inference, metrics } = offlineInference(pricedSettings());
    // act
    const result = await inference.summarise(summarise('INC0001'));
    // assert
    expect(result.ok).toBe(true);
    const [run] = await listAgentRuns(db.pool, 'INC0001');
    expect(run).toMatchObject({
      agent: 'smart-solver',
      model: PREMIUM,
      status: 'succeeded',
      inference: { alias: 'premium', provider: 'offline', operation: 'summarise', guardrail: null },
    });
    const expected = ((run?.inputTokens ?? 0) * 2.5 + (run?.outputTokens ?? 0) * 10) / 1e6;
    expect(run?.inputTokens).toBeGreaterThan(0);
    expect(run?.inference?.costUsd).toBeGreaterThan(0);
    expect(run?.inference?.costUsd).toBeCloseTo(expected, 9);
    expect(metrics.calls).toHaveLength(1);
    const spend = await getInferenceSpend(db.pool, '2026-11-27', 'alias', 'premium');
    expect(spend).toMatchObject({ calls: 1, inputTokens: run?.inputTokens });
    expect(spend.spentUsd).toBeCloseTo(expected, 9);
  });

  it('counts spend with no budget configured, and never refuses', async () => {
    // arrange
    const { inference } = offlineInference(pricedSettings());
    // act
    for (let i = 0; i < 5; i += 1) expect((await inference.summarise(summarise(`INC${i}`))).ok).toBe(true);
    // assert
    const agent = await getInferenceSpend(db.pool, '2026-11-27', 'agent', 'smart-solver');
    expect(agent.calls).toBe(5);
    expect(agent.spentUsd).toBeGreaterThan(0);
  });

  it('increments a day atomically under concurrent calls', async () => {
    // act
    const ledger = createPostgresLedger(db.pool);
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        ledger.record({
          requestId: `corr-${n}`,
          agent: 'a',
          alias: 'fast',
          provider: 'offline',
          modelId: 'offline-v1',
          operation: 'summarise',
          inputHash: 'c'.repeat(64),
          output: null,
          inputTokens: 10,
          outputTokens: 1,
          costUsd: 0.001,
          latencyMs: 1,
          status: 'succeeded',
          error: null,
          guardrail: null,
          day: '2026-11-27',
        }),
      ),
    );
    // assert
    expect(await getInferenceSpend(db.pool, '2026-11-27', 'alias', 'fast')).toEqual({
      spentUsd: 0.02,
      calls: 20,
      inputTokens: 200,
      outputTokens: 20,
    });
  });
});

describe('daily budgets', () => {
  it('moves an alias over its budget to its fallback, which is recorded as its own calls', async () => {
    // arrange
    const { inference } = offlineInference(pricedSettings({ aliases: { premium: 0.000001 } }));
    await inference.summarise(summarise('INC1'));
    // act
    const second = await inference.summarise(summarise('INC2'));
    // assert
    expect(second).toMatchObject({ ok: true, alias: 'free' });
    const runs = await listAgentRuns(db.pool, 'INC2');
    expect(runs.map((r) => r.inference?.alias)).toEqual(['free']);
    expect(runs[0]?.inference?.costUsd).toBe(0);
  });

  it('fails with BUDGET_EXCEEDED, naming the alias, when there is no fallback', async () => {
    // arrange
    const { inference } = offlineInference(pricedSettings({ aliases: { premium: 0.000001 } }, false));
    await inference.summarise(summarise('INC1'));
    // act
    const second = await inference.summarise(summarise('INC2'));
    // assert
    expect(second).toMatchObject({ ok: false, reason: 'BUDGET_EXCEEDED', aliases: ['premium'], calls: 0 });
    if (!second.ok) expect(second.message).toContain('alias "premium"');
    expect(await listAgentRuns(db.pool, 'INC2')).toEqual([]);
  });

  it('holds a per-agent budget for that agent only', async () => {
    // arrange
    const { inference } = offlineInference(pricedSettings({ agents: { 'smart-solver': 0.000001 } }, false));
    await inference.summarise(summarise('INC1'));
    // act
    const sameAgent = await inference.summarise(summarise('INC2'));
    const otherAgent = await inference.summarise(summarise('INC3', 'premium', 'tag-classifier'));
    // assert
    expect(sameAgent).toMatchObject({ ok: false, reason: 'BUDGET_EXCEEDED' });
    if (!sameAgent.ok) expect(sameAgent.message).toContain('agent "smart-solver"');
    expect(otherAgent.ok).toBe(true);
  });

  it('resets at 00:00 UTC', async () => {
    // arrange
    const clock = { now: new Date('2026-11-27T23:59:00Z') };
    const { inference } = offlineInference(pricedSettings({ aliases: { premium: 0.000001 } }, false), clock);
    await inference.summarise(summarise('INC1'));
    expect((await inference.summarise(summarise('INC2'))).ok).toBe(false);
    // act
    clock.now = new Date('2026-11-28T00:00:30Z');
    const nextDay = await inference.summarise(summarise('INC3'));
    // assert
    expect(nextDay).toMatchObject({ ok: true, alias: 'premium' });
    expect((await getInferenceSpend(db.pool, '2026-11-28', 'alias', 'premium')).calls).toBe(1);
    expect((await getInferenceSpend(db.pool, '2026-11-27', 'alias', 'premium')).calls).toBe(1);
  });
});

describe('every call path is recorded (Bedrock)', () => {
  function bedrockInference(settings: InferenceSettings = bedrockSettings()) {
    return createInference({
      settings,
      providers: {
        bedrock: createBedrockProvider({
          client: new BedrockRuntimeClient({ region: 'eu-west-1', maxAttempts: 1 }),
          guardrail: { id: 'gr-123', version: '1' },
        }),
      },
      ledger: createPostgresLedger(db.pool),
      metrics: capturingMetrics(),
      sleep: recordingSleep(),
      random: () => 0,
      now: () => new Date('2026-11-27T10:00:00Z'),
    });
  }
  const task = { agent: 'tag-classifier', labels: ['network', 'email'], examples: [], text: 'VPN down' };

  it('records throttled attempts, the invalid answer, the retry and the fallback, each with its cost', async () => {
    // arrange
    bedrock
      .on(ConverseCommand, { modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0' })
      .rejects(awsError('ThrottlingException'));
    bedrock
      .on(ConverseCommand, { modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0' })
      .resolvesOnce(converseToolAnswer({ label: 'vpn', confidence: 1, rationale: '' }))
      .resolves(converseToolAnswer({ label: 'network', confidence: 0.8, rationale: 'vpn' }));
    // act
    const result = await bedrockInference().classify({ ...task, requestId: 'INC9', alias: 'reasoning' });
    // assert
    expect(result).toMatchObject({ ok: true, alias: 'fast', calls: 4 });
    const runs = await listAgentRuns(db.pool, 'INC9');
    expect(runs.map((r) => [r.inference?.alias, r.status])).toEqual([
      ['reasoning', 'failed'],
      ['reasoning', 'failed'],
      ['fast', 'failed'],
      ['fast', 'succeeded'],
    ]);
    expect(runs.map((r) => r.inference?.costUsd)).toEqual([
      0,
      0,
      (1200 * 0.8 + 80 * 4) / 1e6,
      (1200 * 0.8 + 80 * 4) / 1e6,
    ]);
    expect((await getInferenceSpend(db.pool, '2026-11-27', 'agent', 'tag-classifier')).calls).toBe(4);
  });

  it('stores a guardrail intervention and its policies in the audit trail', async () => {
    // arrange
    bedrock.on(ConverseCommand).resolves(converseGuardrailBlock());
    // act
    const result = await bedrockInference().classify({ ...task, requestId: 'INC10', alias: 'fast' });
    // assert
    expect(result).toMatchObject({ ok: false, reason: 'GUARDRAIL_INTERVENED' });
    const [run] = await listAgentRuns(db.pool, 'INC10');
    expect(run?.inference?.guardrail).toEqual({
      action: 'INTERVENED',
      policies: ['content:PROMPT_ATTACK', 'topic:CredentialDisclosure'],
    });
    expect(run?.error).toMatch(/^GUARDRAIL_INTERVENED/);
  });
});
