import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { JobKind, JobTicket, JobWorker } from '../api/jobs/dispatcher';
import type { RuntimeConfig } from '../shared/config';
import { AppError } from '../shared/errors';
import type { SolverEvent } from './handler';

/**
 * The incident enrichment worker in AWS: an asynchronous invoke (`Event`) of the Smart
 * Solver function with the job's ids; the delivery is answered at once and `?wait`
 * polls the job row.
 */
export function createSolverInvokeWorker(client: LambdaClient, functionName: string): JobWorker {
  return async (ticket: JobTicket) => {
    const event: SolverEvent = { enrichmentId: ticket.jobId, correlationId: ticket.correlationId };
    try {
      const reply = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify(event)),
        }),
      );
      return { reference: `${functionName}:${reply.StatusCode ?? 202}` };
    } catch (error) {
      throw new AppError('DEPENDENCY_FAILED', `Lambda did not accept the enrichment of job ${ticket.jobId}.`, {
        cause: error,
      });
    }
  };
}

/**
 * The API function's job workers for incident enrichment: with the solver's function
 * configured (SMART_SOLVER_FUNCTION_NAME, set by the IncidentEnrichment construct),
 * POST invokes it; without one, none is registered.
 */
export function incidentEnrichmentWorkers(
  config: RuntimeConfig,
  client: LambdaClient = new LambdaClient(
    config.embedding.region === undefined ? {} : { region: config.embedding.region },
  ),
): Partial<Record<JobKind, JobWorker>> {
  const name = config.incidentEnrichment.solverFunctionName;
  return name === undefined ? {} : { 'incident-enrichment': createSolverInvokeWorker(client, name) };
}
