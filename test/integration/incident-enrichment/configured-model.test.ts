/** biome-ignore-all lint/suspicious/noExplicitAny: the test reads JSON replies field by field. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRuntimeConfig } from '../../../lambdas/shared/config';
import { asNewDelivery, type EnrichmentRig, startEnrichmentRig } from './rig';

// A real HTTP server on loopback plays an OpenAI-compatible endpoint (LiteLLM, vLLM,
// Ollama). It answers any operation with the least object its JSON schema allows; the
// inference layer's checks may refuse that (the step then keeps the agent's own result),
// which is not what is tested here: that the configured model is the one asked.
const received: Array<{ model: unknown; operation: string }> = [];
let server: Server;
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
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const body = JSON.parse(raw) as {
        model: unknown;
        response_format: { json_schema: { name: string; schema: any } };
      };
      const { name, schema } = body.response_format.json_schema;
      received.push({ model: body.model, operation: name });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-1',
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: { role: 'assistant', content: JSON.stringify(leastOf(schema)) },
            },
          ],
          usage: { prompt_tokens: 300, completion_tokens: 10, total_tokens: 310 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const config = readRuntimeConfig({
    MODEL_ALIASES: JSON.stringify({
      fast: { provider: 'openai-compatible', modelId: 'stand-in-llm' },
      embed: { provider: 'offline', modelId: 'switchyard-hashing-v1' },
    }),
    PRICE_TABLE: JSON.stringify({
      'stand-in-llm': { inputUsdPerMTok: 1, outputUsdPerMTok: 5 },
      'switchyard-hashing-v1': { inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
    }),
    OPENAI_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    OPENAI_API_KEY: 'sk-test',
  });
  rig = await startEnrichmentRig({ config });
}, 120_000);

afterAll(async () => {
  await rig?.stop();
  await new Promise((resolve) => server.close(resolve));
});

describe('the local runtime with a configured model (MODEL_ALIASES, as npm start passes it)', () => {
  it("asks the configured model at the agents' model steps, each call counted and priced in the enrichment's usage", async () => {
    // arrange: every agent, the model at every step
    const enrichment = rig.runtime.incidentEnrichment;
    await enrichment?.warm();
    enrichment?.setMode('all-agents');
    const rows = (await rig.serviceNow.queryTable('incident', { query: 'priority=1^cmdb_ci!=', limit: 1 }))
      .rows;
    const now = Date.now();
    const delivery = asNewDelivery(rows[0] as Record<string, unknown>, {
      openedAt: new Date(now - 10 * 60_000),
      updatedAt: new Date(now + 60_000),
      modCount: 900_001,
    });
    // act
    const { body } = await rig.post(delivery, 25);
    // assert
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
