import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRequestEmbeddingText } from '../../../etl/transform/embedding-text';
import { createCatalogueCache } from '../../../lambdas/change-validation/catalogue';
import { assessChangeModel } from '../../../lambdas/change-validation/model-analyst';
import { workNote } from '../../../lambdas/change-validation/work-note';
import { upsertChangeModels } from '../../../lambdas/shared/db/change-models';
import { createHashingEmbedder } from '../../../lambdas/shared/embeddings';
import {
  createInference,
  createMemoryLedger,
  type Provider,
  type ProviderCall,
  ProviderError,
} from '../../../lambdas/shared/inference';
import type { ChangeRequest } from '../../../lambdas/shared/records';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';
import { makeChangeModel, makeChangeRequest, sysId } from '../../fixtures/db/records';
import { bedrockSettings, capturingMetrics } from '../../fixtures/inference/factories';

const embedder = createHashingEmbedder({ dimension: 256 });
const FIREWALL = sysId(101);
const DATABASE = sysId(102);
const DEPLOY = sysId(103);
const MODELS = [
  makeChangeModel({
    sysId: FIREWALL,
    name: 'Firewall rule change',
    description: 'Open or close firewall ports and rules on the perimeter firewall.',
    changeType: 'normal',
  }),
  makeChangeModel({
    sysId: DATABASE,
    name: 'Database minor version patch',
    description: 'Apply a minor version patch to a managed database.',
    changeType: 'standard',
  }),
  makeChangeModel({
    sysId: DEPLOY,
    name: 'Application release deployment',
    description: 'Deploy a new release of a business application to its servers.',
    changeType: 'normal',
  }),
];

/** A provider standing in for a hosted model: answers `rank` with `answer`, or throws it. */
function fakeModel(answer: (call: ProviderCall) => unknown): Provider & { readonly calls: ProviderCall[] } {
  const calls: ProviderCall[] = [];
  return {
    name: 'bedrock',
    calls,
    invoke: async (call) => {
      calls.push(call);
      const output = answer(call);
      if (output instanceof Error) throw output;
      return { output, inputTokens: 400, outputTokens: 40 };
    },
  };
}

function inferenceOver(provider: Provider) {
  return createInference({
    settings: bedrockSettings(),
    providers: { bedrock: provider },
    ledger: createMemoryLedger(),
    metrics: capturingMetrics(),
    sleep: async () => undefined,
  });
}

describe('the AIM Model Analyst', () => {
  let db: TestDatabase;
  const change: ChangeRequest = makeChangeRequest({
    shortDescription: 'Open firewall port 8443 on the perimeter firewall',
    description: 'Add a firewall rule so that the partner gateway reaches port 8443.',
    chgModel: FIREWALL,
    type: 'normal',
    state: 'new',
  });

  beforeAll(async () => {
    db = await startTestDatabase({ embeddingDimension: 256 });
    const vectors = await embedder.embed(MODELS.map((m) => `${m.name}. ${m.description}`));
    await upsertChangeModels(
      db.pool,
      MODELS.map((record, n) => ({ record, embedding: { vector: vectors[n] ?? [], textHash: `h${n}` } })),
    );
  }, 60_000);
  afterAll(async () => {
    await db?.stop();
  });

  const assess = async (provider: Provider, rerankAlias: string | undefined) => {
    const catalogues = createCatalogueCache();
    const current = await catalogues.get(db.pool, { rules: 'r', models: 'm' });
    return assessChangeModel(
      {
        db: db.pool,
        embedder,
        catalogues,
        inference: inferenceOver(provider),
        settings: { autoTransition: false, ...(rerankAlias === undefined ? {} : { rerankAlias }) },
      },
      change,
      current,
      'corr-1',
    );
  };

  it('keeps the pgvector ranking when no model is configured for re-ranking (offline)', async () => {
    // arrange
    const model = fakeModel(() => new Error('must not be called'));
    // act
    const assessment = await assess(model, undefined);
    // assert
    expect(model.calls).toHaveLength(0);
    expect(assessment.ranking).toEqual({ by: 'vector' });
    expect(assessment.recommended?.sysId).toBe(FIREWALL);
    expect(assessment).toMatchObject({ fits: true, typeMatches: true });
  });

  it('lets the configured model re-rank the vector candidates', async () => {
    // arrange
    const model = fakeModel((call) => {
      const ids = (call.request as unknown as { candidates: { id: string }[] }).candidates.map((c) => c.id);
      return {
        ranking: [DEPLOY, FIREWALL, DATABASE]
          .filter((id) => ids.includes(id))
          .map((id, n) => ({ id, score: 0.9 - n * 0.3, reason: 'model' })),
      };
    });
    // act
    const assessment = await assess(model, 'reasoning');
    // assert
    expect(model.calls).toHaveLength(1);
    const request = model.calls[0]?.request as unknown as { kind: string; query: string; candidates: { id: string }[] };
    expect(request.kind).toBe('rank');
    expect(request.query).toBe(changeRequestEmbeddingText(change));
    expect(request.candidates.map((c) => c.id).sort()).toEqual([DATABASE, DEPLOY, FIREWALL].sort());
    expect(assessment.ranking).toEqual({ by: 'model', modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0' });
    expect(assessment.recommended).toMatchObject({ sysId: DEPLOY });
    expect(assessment.fits).toBe(false);
    expect(assessment.reason).toMatch(/Ranked by anthropic\.claude-3-7-sonnet/);
  });

  it('falls back to the vector ranking on a typed failure and says so in the assessment and the work note', async () => {
    // arrange
    const model = fakeModel(() => new ProviderError('UNAVAILABLE', 'The model endpoint is down (injected).'));
    // act
    const assessment = await assess(model, 'reasoning');
    const note = workNote('es', {
      verdict: 'ready',
      summary: { evaluated: 1, failedBlockers: 0, failedWarnings: 0, undecidedBlockers: 0 },
      findings: [],
      modelAssessment: assessment,
      transition: { applied: false, from: null, to: null, code: 'auto_off', reason: '' },
      failed: null,
    });
    // assert
    expect(model.calls.length).toBeGreaterThan(0);
    expect(assessment.ranking.by).toBe('vector');
    expect(assessment.ranking.fallback).toMatch(/^UNAVAILABLE: /);
    expect(assessment.recommended?.sysId).toBe(FIREWALL);
    expect(assessment.reason).toMatch(/The model re-rank failed \(UNAVAILABLE: .*\); the pgvector ranking is kept\./);
    expect(note).toContain('La reordenación por el modelo falló (UNAVAILABLE');
    expect(note).toContain('se mantiene el orden vectorial');
  });
});
