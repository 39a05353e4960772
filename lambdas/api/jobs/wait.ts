import { TERMINAL_JOB_STATUSES } from '../../shared/db/job-status';

/** How often `?wait` re-reads the job: starts quick, backs off to at most once a second. */
export const WAIT_POLL_INITIAL_MS = 100;
export const WAIT_POLL_MAX_MS = 1000;

/** True when a job status will not change any more. */
export function isTerminal(status: string): boolean {
  return (TERMINAL_JOB_STATUSES as readonly string[]).includes(status);
}

/**
 * Re-reads a job until it is finished or `seconds` have passed, then returns the last
 * read; `settled`, when given, triggers a re-read as soon as it settles. Polls the database (one short query at a time, so it shares the local runtime's
 * single connection fairly) rather than holding a LISTEN connection open.
 */
export async function waitForJob<T extends { readonly status: string }>(
  read: () => Promise<T>,
  first: T,
  seconds: number,
  signal?: AbortSignal,
  settled?: Promise<unknown>,
): Promise<T> {
  // An in-process completion signal (local runtime) wakes the wait once, ahead of the poll.
  let wake = settled?.then(
    () => undefined,
    () => undefined,
  );
  let job = first;
  const deadline = Date.now() + seconds * 1000;
  let intervalMs = WAIT_POLL_INITIAL_MS;
  while (!isTerminal(job.status) && Date.now() < deadline && signal?.aborted !== true) {
    const pause = sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
    if (wake === undefined) await pause;
    else if ((await Promise.race([pause.then(() => 'slept'), wake.then(() => 'woken')])) === 'woken') wake = undefined;
    job = await read();
    intervalMs = Math.min(intervalMs * 2, WAIT_POLL_MAX_MS);
  }
  return job;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
