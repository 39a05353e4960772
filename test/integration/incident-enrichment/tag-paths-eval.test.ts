import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../eval/helpers';
import { evaluateTagPaths, type TagPathFigures } from '../../eval/incident-enrichment-tags';

// A real HTTP server on loopback plays an OpenAI-compatible endpoint (LiteLLM, vLLM,
// Ollama): it answers each classify call with the last label the request's schema allows,
// sure of it, so a model answer visibly replaces history's.
const TICKETS = join(SHARED_DATA, 'it-ticket-assignment-groups/all_tickets.csv');
const received: Array<{ model: unknown; labels: string[] }> = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const body = JSON.parse(raw) as {
        model: unknown;
        response_format: { json_schema: { schema: { properties: { label: { enum: string[] } } } } };
      };
      const labels = body.response_format.json_schema.schema.properties.label.enum;
      received.push({ model: body.model, labels });
      const answer = { label: labels.at(-1), confidence: 0.99, rationale: 'the stand-in picks the last label' };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-1',
          choices: [
            { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(answer) } },
          ],
          usage: { prompt_tokens: 500, completion_tokens: 20, total_tokens: 520 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe.skipIf(!existsSync(TICKETS))('the eval of the tag step with a configured model', () => {
  let figures: TagPathFigures | null;

  beforeAll(async () => {
    figures = await evaluateTagPaths(42, 30, {
      MODEL_ALIASES: JSON.stringify({
        fast: { provider: 'openai-compatible', modelId: 'stand-in-llm' },
        embed: { provider: 'offline', modelId: 'switchyard-hashing-v1' },
      }),
      PRICE_TABLE: JSON.stringify({
        'stand-in-llm': { inputUsdPerMTok: 0.25, outputUsdPerMTok: 1.25 },
        'switchyard-hashing-v1': { inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
      }),
      OPENAI_BASE_URL: baseUrl,
      OPENAI_API_KEY: 'sk-test',
    });
  }, 600_000);

  it('asks the model the environment configures, every call through the endpoint', () => {
    // assert
    expect(figures?.model).toBe('openai-compatible/stand-in-llm');
    const { solver, 'all-agents': all } = figures?.paths ?? {};
    expect(received).toHaveLength((solver?.modelCalls ?? 0) + (all?.modelCalls ?? 0));
    expect(new Set(received.map((r) => r.model))).toEqual(new Set(['stand-in-llm']));
    expect(solver?.tokens).toBe((solver?.modelCalls ?? 0) * 520);
  });

  it('asks about fewer fields in the solver path than in the all-agents path, beside history alone', () => {
    // assert
    const { solver, 'all-agents': all } = figures?.paths ?? {};
    expect(figures?.test).toBe(30);
    expect(solver?.modelCalls).toBeGreaterThan(0);
    expect(solver?.modelCalls).toBeLessThan(all?.modelCalls ?? 0);
    // The stand-in's sure answers replace history's: the all-agents path is scored on them.
    expect(all?.accuracy).not.toBe(figures?.historyOnly.accuracy);
    expect(figures?.historyOnly.accuracy).toBeGreaterThan(0.4);
  });
});
