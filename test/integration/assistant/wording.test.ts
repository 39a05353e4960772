import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../../lambdas/api/auth';
import { createChangeModelAssistant } from '../../../lambdas/change-model-assistant';
import {
  createInference,
  createMemoryLedger,
  type Provider,
  type ProviderCall,
  ProviderError,
} from '../../../lambdas/shared/inference';
import { extractOffline } from '../../../lambdas/shared/inference/offline-extract';
import type { LocalSigningKey } from '../../../local/auth/local-key';
import { authHeader, createTestApp, createTestKey } from '../../fixtures/api/app';
import {
  ASSISTANT_EMBEDDING_DIMENSION,
  assistantEmbedder,
  loadDemoCatalogue,
  TEST_INSTANCE_URL,
} from '../../fixtures/assistant/catalogue';
import { converse, createTestAssistant } from '../../fixtures/assistant/conversation';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import { bedrockSettings, capturingMetrics } from '../../fixtures/inference/factories';

// The reply's wording through the inference layer with a fake hosted model (a Provider
// standing in for Bedrock: it extracts like the gazetteer and summarises as each test
// says); the catalogue in PGlite.
let db: TestDatabase;
let key: LocalSigningKey;
let headers: Record<string, string>;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: ASSISTANT_EMBEDDING_DIMENSION });
  await loadDemoCatalogue(db.pool);
  key = await createTestKey();
  headers = await authHeader(key, [ROLES.assistant]);
});
afterAll(async () => {
  await db.stop();
});

type Summarise = (call: ProviderCall) => unknown;

/** A hosted model: `extract` answered like the gazetteer, `summarise` by `summarise`. */
function fakeModel(summarise: Summarise): Provider & { readonly calls: ProviderCall[] } {
  const calls: ProviderCall[] = [];
  return {
    name: 'bedrock',
    calls,
    invoke: async (call) => {
      calls.push(call);
      const output = call.request.kind === 'extract' ? extractOffline(call.request) : summarise(call);
      return { output, inputTokens: 400, outputTokens: 60 };
    },
  };
}

function appWith(model: Provider, modelServesAlias = true) {
  const assistant = createChangeModelAssistant({
    db: db.pool,
    embedder: assistantEmbedder(),
    instanceUrl: TEST_INSTANCE_URL,
    inference: createInference({
      settings: bedrockSettings(),
      providers: { bedrock: model },
      ledger: createMemoryLedger(),
      metrics: capturingMetrics(),
    }),
    modelServesAlias,
  });
  return createTestApp(key, { db: db.pool, assistant });
}

const MESSAGE = ['Upgrade the Oracle database from 19.21 to 19.24 in production'];

/** The offline assistant's turn for the same message: what a refinement must not change. */
async function offlineTurn() {
  const app = createTestApp(key, { db: db.pool, assistant: createTestAssistant(db.pool) });
  return (await converse(app, headers, MESSAGE)).turns[0];
}

describe('the reply wording where a model is configured', () => {
  it('rewords the explanation through summarise and keeps the recommendations, ids and links', async () => {
    // arrange
    const offline = await offlineTurn();
    const top = offline?.recommendations[0]?.name ?? '';
    const worded = `"${top}" is the model for upgrading this database in production; it is a normal change.`;
    const model = fakeModel(() => ({ summary: worded, confidence: 0.9 }));
    // act
    const { turns } = await converse(appWith(model), headers, MESSAGE);
    // assert
    const summarised = model.calls.filter((c) => c.request.kind === 'summarise');
    expect(summarised).toHaveLength(1);
    expect(summarised[0]?.request).toMatchObject({ text: expect.stringContaining(`"${top}"`) });
    expect(turns[0]?.reply.content).toBe(
      `Noted: technology database, objective upgrade, environment production. ${worded}`,
    );
    expect(offline?.reply.content).toContain('Why:');
    expect(turns[0]?.recommendations).toEqual(offline?.recommendations);
  });

  it.each([
    ['names a model that was not recommended', 'Use "Standard - Firewall rule change" instead.'],
    ['invents a figure', 'Database version upgrade, approved in 99% of cases.'],
    ['adds a link', 'Database version upgrade: https://example.com/change_request.do?sys_id=-1'],
    ['drops the recommended model', 'A normal change for the database in production.'],
  ])('keeps the offline wording when the model %s', async (_case, summary) => {
    // arrange
    const offline = await offlineTurn();
    const model = fakeModel(() => ({ summary, confidence: 0.9 }));
    // act
    const { turns } = await converse(appWith(model), headers, MESSAGE);
    // assert
    expect(turns[0]?.reply.content).toBe(offline?.reply.content);
    expect(turns[0]?.recommendations).toEqual(offline?.recommendations);
  });

  it('keeps the offline wording when summarise fails with a typed failure', async () => {
    // arrange
    const offline = await offlineTurn();
    const model = fakeModel(() => {
      throw new ProviderError('FAILED', 'the model endpoint answered 500');
    });
    // act
    const { turns } = await converse(appWith(model), headers, MESSAGE);
    // assert
    expect(model.calls.some((c) => c.request.kind === 'summarise')).toBe(true);
    expect(turns[0]?.reply.content).toBe(offline?.reply.content);
  });

  it('asks no model to reword when none is configured to serve the alias', async () => {
    // arrange
    const offline = await offlineTurn();
    const model = fakeModel(() => ({ summary: 'never used', confidence: 1 }));
    // act
    const { turns } = await converse(appWith(model, false), headers, MESSAGE);
    // assert
    expect(model.calls.map((c) => c.request.kind)).toEqual(['extract']);
    expect(turns[0]?.reply.content).toBe(offline?.reply.content);
  });
});
