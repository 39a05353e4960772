import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { InferenceCallRecord } from './accounting';

/** Where per-call metrics go. */
export interface InferenceMetrics {
  record(call: InferenceCallRecord): void;
}

/** The metrics namespace of every Switchyard function. */
export const METRICS_NAMESPACE = 'Switchyard';

/**
 * Per-call metrics as CloudWatch EMF through Powertools, one blob per call with the
 * dimensions alias, provider and operation: calls, failures, latency, tokens, cost
 * (micro-dollars, as EMF values are plain numbers) and guardrail interventions.
 */
export function createPowertoolsInferenceMetrics(
  metrics: Metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'switchyard' }),
): InferenceMetrics {
  return {
    record(call) {
      metrics.addDimensions({ alias: call.alias, provider: call.provider, operation: call.operation });
      metrics.addMetric('InferenceCalls', MetricUnit.Count, 1);
      metrics.addMetric('InferenceFailures', MetricUnit.Count, call.status === 'failed' ? 1 : 0);
      metrics.addMetric('InferenceLatency', MetricUnit.Milliseconds, call.latencyMs);
      metrics.addMetric('InferenceInputTokens', MetricUnit.Count, call.inputTokens);
      metrics.addMetric('InferenceOutputTokens', MetricUnit.Count, call.outputTokens);
      metrics.addMetric('InferenceCostMicroUsd', MetricUnit.Count, Math.round(call.costUsd * 1_000_000));
      metrics.addMetric('GuardrailInterventions', MetricUnit.Count, call.guardrail === null ? 0 : 1);
      metrics.publishStoredMetrics();
    },
  };
}
