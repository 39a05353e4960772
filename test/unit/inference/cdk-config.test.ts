import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfig } from '../../../lib/config';

const load = (context: Record<string, unknown>) => () => loadConfig({ context: (key) => context[key], env: {} });

describe('inference keys of the CDK configuration', () => {
  it('defaults: priced Bedrock aliases, no budgets, prompt attack MEDIUM, content filters HIGH', () => {
    // act
    const config = load({})();
    // assert
    expect(config.models.prices['anthropic.claude-3-5-haiku-20241022-v1:0']).toEqual({
      inputUsdPerMTok: 0.8,
      outputUsdPerMTok: 4,
    });
    expect(config.models.budgets).toEqual({ aliases: {}, agents: {} });
    expect(config.guardrail).toEqual({ promptAttackStrength: 'MEDIUM', contentFilterStrength: 'HIGH' });
  });

  it('reads budgets and filter strengths', () => {
    // act
    const config = load({
      inferenceBudgets: '{"aliases":{"reasoning":25},"agents":{"smart-solver":10}}',
      guardrailPromptAttackStrength: 'HIGH',
    })();
    // assert
    expect(config.models.budgets).toEqual({ aliases: { reasoning: 25 }, agents: { 'smart-solver': 10 } });
    expect(config.guardrail.promptAttackStrength).toBe('HIGH');
  });

  it.each([
    [{ priceTable: '{}' }, 'model "anthropic.claude-3-5-haiku-20241022-v1:0" (alias "fast") has no price'],
    [{ guardrailPromptAttackStrength: 'EXTREME' }, 'guardrailPromptAttackStrength'],
    [{ inferenceBudgets: '{"aliases":{"gpt":1}}' }, 'inferenceBudgets" (at aliases.gpt): no such alias'],
    [
      {
        modelAliases: '{"embed":{"provider":"openai-compatible","modelId":"m"}}',
        priceTable: '{"m":{"inputUsdPerMTok":0,"outputUsdPerMTok":0}}',
      },
      'openAiBaseUrl',
    ],
  ])('stops synthesis on %j, naming the key', (context, message) => {
    // act + assert
    expect(load(context)).toThrow(ConfigurationError);
    expect(load(context)).toThrow(message);
  });
});
