import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPowertoolsInferenceMetrics, type InferenceCallRecord } from '../../../lambdas/shared/inference';

const call: InferenceCallRecord = {
  requestId: 'req-1',
  agent: 'tag-classifier',
  alias: 'fast',
  provider: 'bedrock',
  modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
  operation: 'classify',
  inputHash: 'x',
  output: null,
  inputTokens: 1200,
  outputTokens: 80,
  costUsd: 0.00128,
  latencyMs: 420,
  status: 'succeeded',
  error: null,
  guardrail: { action: 'INTERVENED', policies: ['pii:EMAIL'] },
  day: '2026-11-27',
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Powertools inference metrics', () => {
  it('publishes one EMF blob per call with alias, provider and operation dimensions', () => {
    // arrange
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const metrics = createPowertoolsInferenceMetrics(new Metrics({ namespace: 'Switchyard', serviceName: 'test' }));
    // act
    metrics.record(call);
    // assert
    const emf = JSON.parse(written.find((line) => line.includes('_aws')) ?? '{}');
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe('Switchyard');
    expect(emf._aws.CloudWatchMetrics[0].Dimensions[0]).toEqual(
      expect.arrayContaining(['alias', 'provider', 'operation']),
    );
    expect(emf).toMatchObject({
      alias: 'fast',
      provider: 'bedrock',
      operation: 'classify',
      InferenceCalls: 1,
      InferenceInputTokens: 1200,
      InferenceOutputTokens: 80,
      InferenceCostMicroUsd: 1280,
      GuardrailInterventions: 1,
      InferenceFailures: 0,
    });
  });
});
