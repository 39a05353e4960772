import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { logger } from '../shared/observability';
import { awsIncidentAgentHandlers, tracer } from './aws-dependencies';
import type { IncidentAgent } from './policy';

/**
 * An incident agent's Lambda entry point: the same handler the local runtime calls
 * in-process, with the Lambda context and the job's correlation id in every log line,
 * traced. A thrown error is the function error the solver reads.
 */
export function incidentAgentEntry(agent: IncidentAgent) {
  return middy(async (event: unknown) => {
    const correlationId = (event as { correlationId?: unknown } | null)?.correlationId;
    if (typeof correlationId === 'string') logger.appendKeys({ correlationId, agent });
    return awsIncidentAgentHandlers()[agent](event);
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }));
}
