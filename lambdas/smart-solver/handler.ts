import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { logger } from '../shared/observability';
import { awsSmartSolverDependencies, tracer } from './aws-dependencies';
import { enrichIncidentOrFail } from './enrich-incident';

/** What the API function sends the Smart Solver (asynchronous invoke): ids only; the record is on the job row. */
export const SolverEventSchema = z.object({
  enrichmentId: z.uuid(),
  correlationId: z.string().min(1),
});
export type SolverEvent = z.infer<typeof SolverEventSchema>;

/**
 * The Smart Solver's Lambda entry point: parses the event, then plans, invokes the agent
 * functions, stores the enrichment and writes the work note. An unexpected error ends
 * the job as failed rather than leaving it running (no async retry redoes the work).
 */
export const handler = middy(async (event: unknown) => {
  const ticket = SolverEventSchema.parse(event);
  logger.appendKeys({ correlationId: ticket.correlationId, enrichmentId: ticket.enrichmentId });
  const job = await enrichIncidentOrFail(awsSmartSolverDependencies(), ticket);
  logger.info('incident enrichment ended', { status: job?.status ?? 'already ended' });
  return { enrichmentId: ticket.enrichmentId, status: job?.status ?? null };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(captureLambdaHandler(tracer, { captureResponse: false }));
