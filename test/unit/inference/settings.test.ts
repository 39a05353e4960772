import { describe, expect, it } from 'vitest';
import { RuntimeConfigError, readRuntimeConfig } from '../../../lambdas/shared/config';
import { createHashingEmbedder } from '../../../lambdas/shared/embeddings';
import {
  createInference,
  createMemoryLedger,
  createOfflineProvider,
  OFFLINE_MODEL_ID,
} from '../../../lambdas/shared/inference';
import { inferenceSettings } from '../../fixtures/inference/factories';

const bedrockEnv = {
  MODEL_ALIASES: JSON.stringify({
    fast: { provider: 'bedrock', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0' },
    embed: { provider: 'offline', modelId: 'switchyard-hashing-v1' },
  }),
  PRICE_TABLE: JSON.stringify({
    'anthropic.claude-3-5-haiku-20241022-v1:0': { inputUsdPerMTok: 0.8, outputUsdPerMTok: 4 },
    'switchyard-hashing-v1': { inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
  }),
  GUARDRAIL_ID: 'gr-123',
  GUARDRAIL_VERSION: '3',
  AWS_REGION: 'eu-west-1',
};

describe('inference settings in the runtime configuration', () => {
  it('defaults to the offline provider, priced explicitly at zero, with no budgets', () => {
    // act
    const { inference } = readRuntimeConfig({});
    // assert
    expect(inference.aliases.fast).toEqual({ provider: 'offline', modelId: OFFLINE_MODEL_ID });
    expect(inference.prices[OFFLINE_MODEL_ID]).toEqual({ inputUsdPerMTok: 0, outputUsdPerMTok: 0 });
    expect(inference.budgets).toEqual({ aliases: {}, agents: {} });
  });

  it('reads Bedrock aliases, a custom price (not zero), the guardrail and budgets', () => {
    // act
    const { inference } = readRuntimeConfig({
      ...bedrockEnv,
      INFERENCE_BUDGETS: '{"aliases":{"fast":5},"agents":{"smart-solver":2.5}}',
    });
    // assert
    expect(inference.prices['anthropic.claude-3-5-haiku-20241022-v1:0']).toEqual({
      inputUsdPerMTok: 0.8,
      outputUsdPerMTok: 4,
    });
    expect(inference.guardrail).toEqual({ id: 'gr-123', version: '3' });
    expect(inference.budgets).toEqual({ aliases: { fast: 5 }, agents: { 'smart-solver': 2.5 } });
  });

  it.each([
    [
      'a model with no price',
      { ...bedrockEnv, PRICE_TABLE: '{"switchyard-hashing-v1":{"inputUsdPerMTok":0,"outputUsdPerMTok":0}}' },
      'PRICE_TABLE: model "anthropic.claude-3-5-haiku-20241022-v1:0" (alias "fast") has no price',
    ],
    [
      'a price without its output rate (never read as zero)',
      {
        ...bedrockEnv,
        PRICE_TABLE: JSON.stringify({
          'anthropic.claude-3-5-haiku-20241022-v1:0': { inputUsdPerMTok: 0.8 },
          'switchyard-hashing-v1': { inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
        }),
      },
      'PRICE_TABLE (at anthropic.claude-3-5-haiku-20241022-v1:0.outputUsdPerMTok)',
    ],
    [
      'an unknown fallback alias',
      { MODEL_ALIASES: '{"fast":{"provider":"offline","modelId":"switchyard-offline-v1","fallback":"cheap"}}' },
      'names alias "cheap", which is not defined',
    ],
    [
      'a fallback loop',
      {
        MODEL_ALIASES: JSON.stringify({
          a: { provider: 'offline', modelId: 'switchyard-offline-v1', fallback: 'b' },
          b: { provider: 'offline', modelId: 'switchyard-offline-v1', fallback: 'a' },
        }),
      },
      'the fallback chain loops (a → b → a)',
    ],
    ['Bedrock without a guardrail', { ...bedrockEnv, GUARDRAIL_ID: undefined }, 'GUARDRAIL_ID: required'],
    [
      'an OpenAI-compatible alias without a base URL',
      {
        MODEL_ALIASES: '{"local":{"provider":"openai-compatible","modelId":"llama3"}}',
        PRICE_TABLE: '{"llama3":{"inputUsdPerMTok":0,"outputUsdPerMTok":0}}',
      },
      'OPENAI_BASE_URL: required',
    ],
    [
      'a budget for an unknown alias',
      { INFERENCE_BUDGETS: '{"aliases":{"gpt":1}}' },
      'INFERENCE_BUDGETS (at aliases.gpt)',
    ],
    ['aliases that are not JSON', { MODEL_ALIASES: '{fast:' }, 'MODEL_ALIASES: not valid JSON'],
  ])('is a start-up error naming it: %s', (_, env, message) => {
    // act + assert
    expect(() => readRuntimeConfig(env)).toThrow(RuntimeConfigError);
    expect(() => readRuntimeConfig(env)).toThrow(message);
  });

  it('refuses to build the layer when an alias names a provider that is not supplied', () => {
    // act + assert
    expect(() =>
      createInference({
        settings: inferenceSettings({
          aliases: { fast: { provider: 'bedrock', modelId: 'm' } },
          prices: { m: { inputUsdPerMTok: 1, outputUsdPerMTok: 1 } },
        }),
        providers: {},
        ledger: createMemoryLedger(),
      }),
    ).toThrow('provider "bedrock" is not available');
  });

  it('names an alias an agent needs that is not configured', () => {
    // arrange
    const offline = createOfflineProvider({ embedder: createHashingEmbedder({ dimension: 64 }) });
    const inference = createInference({
      settings: inferenceSettings(),
      providers: { offline },
      ledger: createMemoryLedger(),
    });
    // act + assert
    expect(() => inference.requireAliases(['fast', 'vision'])).toThrow('"vision" are not configured');
  });
});
