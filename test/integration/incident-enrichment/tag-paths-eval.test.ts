import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../eval/helpers';
import { evaluateTagPaths, type TagPathFigures } from '../../eval/incident-enrichment-tags';
import { type OpenAiStandIn, standInEnvironment, startOpenAiStandIn } from '../../fixtures/inference/openai-stand-in';

// The stand-in answers each classify call with the last label the request's schema
// allows, sure of it, so a model answer visibly replaces history's.
const TICKETS = join(SHARED_DATA, 'it-ticket-assignment-groups/all_tickets.csv');
let standIn: OpenAiStandIn;

beforeAll(async () => {
  standIn = await startOpenAiStandIn(
    (request) => ({
      label: (request.schema.properties.label.enum as string[]).at(-1),
      confidence: 0.99,
      rationale: 'the stand-in picks the last label',
    }),
    { prompt_tokens: 500, completion_tokens: 20 },
  );
});

afterAll(async () => {
  await standIn.stop();
});

describe.skipIf(!existsSync(TICKETS))('the eval of the tag step with a configured model', () => {
  let figures: TagPathFigures | null;

  beforeAll(async () => {
    figures = await evaluateTagPaths(
      42,
      30,
      standInEnvironment(standIn, 'stand-in-llm', { input: 0.25, output: 1.25 }),
    );
  }, 600_000);

  it('asks the model the environment configures, every call through the endpoint', () => {
    // assert
    expect(figures?.model).toBe('openai-compatible/stand-in-llm');
    const { solver, 'all-agents': all } = figures?.paths ?? {};
    expect(standIn.received).toHaveLength((solver?.modelCalls ?? 0) + (all?.modelCalls ?? 0));
    expect(new Set(standIn.received.map((r) => r.model))).toEqual(new Set(['stand-in-llm']));
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
