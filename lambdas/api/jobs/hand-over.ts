import type { Logger } from '@aws-lambda-powertools/logger';
import { type DispatchOutcome, type JobDispatcher, type JobTicket, noWorkerReason } from './dispatcher';

/**
 * Hands a newly created job to its worker. A worker that throws leaves the job failed
 * with the reason (`fail`), so every accepted request still ends in a state a person
 * can see; the caller gets the job, not a 5xx. The outcome is logged at debug: the
 * route's one info line per delivery carries it.
 */
export async function handOver(
  dispatcher: JobDispatcher,
  ticket: JobTicket,
  fail: (reason: string) => Promise<void>,
  log: Logger,
): Promise<DispatchOutcome> {
  try {
    const outcome = await dispatcher.dispatch(ticket);
    log.debug('job handed over', { kind: ticket.kind, jobId: ticket.jobId, ...outcome });
    return outcome;
  } catch (error) {
    const reason = `The job could not be handed to its worker: ${error instanceof Error ? error.message : String(error)}`;
    log.error('job dispatch failed', { kind: ticket.kind, jobId: ticket.jobId, error });
    await fail(reason);
    return { dispatched: false, reason };
  }
}

/** The note a job view carries when the job cannot progress. */
export function stalledNote(dispatcher: JobDispatcher, kind: JobTicket['kind'], status: string): string | undefined {
  return status === 'accepted' && !dispatcher.hasWorker(kind) ? noWorkerReason(kind) : undefined;
}
