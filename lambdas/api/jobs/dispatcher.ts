/**
 * How an accepted job reaches the work behind it. The gateway creates the job row and
 * hands a ticket to the dispatcher; each job's issue registers a worker (in AWS: start
 * the Step Functions execution or invoke the Smart Solver; locally: run the same ASL
 * or handler in-process). With no worker the job stays `accepted`, and the reply says so.
 */

/** The jobs the gateway accepts. */
export const JOB_KINDS = ['change-validation', 'incident-enrichment'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** What a worker receives: enough to find the job and tie every log line to it. */
export interface JobTicket {
  readonly kind: JobKind;
  /** The job row id. */
  readonly jobId: string;
  /**
   * The x-request-id of the call that created the job: put it in the execution input,
   * every agent's logger keys and every agent_runs row.
   */
  readonly correlationId: string;
  /** The record as ServiceNow sent it (Table API shape). */
  readonly record: unknown;
}

/** Starts the work of a job; resolves once it is handed over (not when it is finished). */
export type JobWorker = (ticket: JobTicket) => Promise<{ readonly reference?: string }>;

/** The outcome of handing a job over. */
export type DispatchOutcome =
  | { readonly dispatched: true; readonly reference?: string }
  | { readonly dispatched: false; readonly reason: string };

export interface JobDispatcher {
  /** True when a worker is registered for `kind`. */
  hasWorker(kind: JobKind): boolean;
  /** Hands a job to its worker. A throwing worker rejects; the caller records the job as failed. */
  dispatch(ticket: JobTicket): Promise<DispatchOutcome>;
  /**
   * Locally, where the work runs in-process: settles when the job's work has ended, so
   * `?wait` can answer at once instead of at its next poll. Undefined in AWS (and for a
   * job this process did not start): `?wait` polls the database.
   */
  settled?(kind: JobKind, jobId: string): Promise<unknown> | undefined;
}

/** Explains that no worker is registered for a kind of job. */
export function noWorkerReason(kind: JobKind): string {
  return `No worker is registered for ${kind} jobs in this deployment yet, so the job stays accepted until one is; nothing has been run on it.`;
}

/** A dispatcher over the workers registered per kind (none by default). */
export function createJobDispatcher(
  workers: Partial<Record<JobKind, JobWorker>> = {},
  options: { readonly settled?: JobDispatcher['settled'] } = {},
): JobDispatcher {
  return {
    ...(options.settled === undefined ? {} : { settled: options.settled }),
    hasWorker: (kind) => workers[kind] !== undefined,
    dispatch: async (ticket) => {
      const worker = workers[ticket.kind];
      if (worker === undefined) return { dispatched: false, reason: noWorkerReason(ticket.kind) };
      const { reference } = await worker(ticket);
      return reference === undefined ? { dispatched: true } : { dispatched: true, reference };
    },
  };
}
