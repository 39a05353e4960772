import { describe, expect, it } from 'vitest';
import { createHashingEmbedder } from '../../../lambdas/shared/embeddings';
import { ClassifyOutputSchema, classifyOffline, runOperation } from '../../../lambdas/shared/inference';

const embedder = createHashingEmbedder({ dimension: 256 });
const request = {
  kind: 'classify' as const,
  text: 'No puedo acceder a la VPN desde casa',
  labels: ['network', 'email'],
  examples: [
    { text: 'VPN connection drops from home', label: 'network' },
    { text: 'la VPN no conecta desde casa', label: 'network' },
    { text: 'Outlook does not receive email', label: 'email' },
    { text: 'el correo no llega a la bandeja', label: 'email' },
  ],
};

describe('runOperation', () => {
  it('returns the validated value on the first valid answer', async () => {
    // act
    const result = await runOperation(ClassifyOutputSchema, async () => ({
      label: 'network',
      confidence: 0.9,
      rationale: 'x',
    }));
    // assert
    expect(result).toEqual({ ok: true, value: { label: 'network', confidence: 0.9, rationale: 'x' }, attempts: 1 });
  });

  it('retries once after invalid output and succeeds', async () => {
    // arrange
    const answers: unknown[] = ['not json', { label: 'email', confidence: 0.5, rationale: '' }];
    // act
    const result = await runOperation(ClassifyOutputSchema, async (attempt) => answers[attempt - 1]);
    // assert
    expect(result).toMatchObject({ ok: true, attempts: 2, value: { label: 'email' } });
  });

  it('reports a typed failure after two invalid answers, naming the problems', async () => {
    // act
    const result = await runOperation(
      ClassifyOutputSchema,
      async () => ({ label: 'delete-everything', confidence: 1, rationale: '' }),
      (value) => (request.labels.includes(value.label) ? undefined : `label "${value.label}" is not allowed`),
    );
    // assert
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('INVALID_OUTPUT');
      expect(result.message).toContain('label "delete-everything" is not allowed');
    }
  });
});

describe('classifyOffline', () => {
  it('votes with the nearest examples across languages', async () => {
    // act
    const output = await classifyOffline(embedder, request, 3);
    // assert
    expect(output.label).toBe('network');
    expect(output.confidence).toBeGreaterThan(0);
    expect(ClassifyOutputSchema.safeParse(output).success).toBe(true);
  });

  it('is honest with no examples: confidence 0', async () => {
    // act
    const output = await classifyOffline(embedder, { ...request, examples: [] });
    // assert
    expect(output).toMatchObject({ label: 'network', confidence: 0 });
  });

  it('is deterministic', async () => {
    // act
    const [a, b] = [await classifyOffline(embedder, request), await classifyOffline(embedder, request)];
    // assert
    expect(a).toEqual(b);
  });
});
