/** biome-ignore-all lint/suspicious/noExplicitAny: the test reads JSON replies field by field. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRuntimeConfig } from '../../../lambdas/shared/config';
import { type OpenAiStandIn, standInEnvironment, startOpenAiStandIn } from '../../fixtures/inference/openai-stand-in';
import { asNewDelivery, type EnrichmentRig, startEnrichmentRig } from './rig';

// The stand-in answers any operation with the least object its JSON schema allows; the
// inference layer's checks may refuse that (the step then keeps the agent's own result),
// which is not what is tested here: that the configured model is the one asked.
let standIn: OpenAiStandIn;
let rig: EnrichmentRig;

/** The least value a JSON schema allows: the first enum value, 0.9, 'x', empty arrays, required properties. */
function leastOf(schema: Record<string, any>): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object') {
    const required: string[] = schema.required ?? [];
    return Object.fromEntries(required.map((key) => [key, leastOf(schema.properties?.[key] ?? {})]));
  }
  if (type === 'array') return [];
  if (type === 'number' || type === 'integer') return Math.min(schema.maximum ?? 0.9, 0.9);
  if (type === 'boolean') return false;
  return 'x';
}

beforeAll(async () => {
  standIn = await startOpenAiStandIn((request) => leastOf(request.schema));
  rig = await startEnrichmentRig({ config: readRuntimeConfig(standInEnvironment(standIn, 'stand-in-llm')) });
}, 120_000);

afterAll(async () => {
  await rig?.stop();
  await standIn?.stop();
});

describe('the local runtime with a configured model (MODEL_ALIASES, as npm start passes it)', () => {
  it("asks the configured model at the agents' model steps, each call counted and priced in the enrichment's usage", async () => {
    // arrange: every agent, the model at every step
    const enrichment = rig.runtime.incidentEnrichment;
    await enrichment?.warm();
    enrichment?.setMode('all-agents');
    const rows = (await rig.serviceNow.queryTable('incident', { query: 'priority=1^cmdb_ci!=', limit: 1 })).rows;
    const now = Date.now();
    const delivery = asNewDelivery(rows[0] as Record<string, unknown>, {
      openedAt: new Date(now - 10 * 60_000),
      updatedAt: new Date(now + 60_000),
      modCount: 900_001,
    });
    // act
    const { body } = await rig.post(delivery, 25);
    // assert
    const { received } = standIn;
    expect(body.status).toBe('completed');
    expect(received.length).toBeGreaterThan(0);
    expect(new Set(received.map((r) => r.model))).toEqual(new Set(['stand-in-llm']));
    expect(received.map((r) => r.operation)).toContain('classify');
    const usage = body.result.usage as Record<string, any>;
    expect(usage.modelCalls).toBe(received.length);
    expect(usage.inputTokens).toBe(300 * received.length);
    expect(usage.estimatedCostUsd).toBeCloseTo((received.length * (300 * 1 + 10 * 5)) / 1e6, 9);
    const { rows: runs } = await rig.runtime.pool.query<{ provider: string; model: string }>(
      'SELECT DISTINCT provider, model FROM agent_runs WHERE correlation_id = $1',
      [body.correlationId],
    );
    expect(runs).toEqual([{ provider: 'openai-compatible', model: 'stand-in-llm' }]);
  });
});
