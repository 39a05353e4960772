import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WAIT_POLL_INITIAL_MS, waitForJob } from '../../../lambdas/api/jobs/wait';

// `?wait` on a change validation: the local runtime's completion signal (the execution's
// `done`) wakes the wait as soon as the job ends, before the next poll of the database.
describe('waiting for a job with a completion signal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('re-reads the job as soon as the signal settles, without waiting for the poll', async () => {
    // arrange
    let status = 'running';
    const read = vi.fn(async () => ({ status }));
    let finish: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const waiting = waitForJob(read, { status: 'running' }, 10, undefined, settled);
    // act
    status = 'completed';
    finish();
    await vi.advanceTimersByTimeAsync(0);
    // assert
    expect(read).toHaveBeenCalledTimes(1);
    await expect(waiting).resolves.toEqual({ status: 'completed' });
  });

  it('re-reads the job only at the poll when no signal is given', async () => {
    // arrange
    let status = 'running';
    const read = vi.fn(async () => ({ status }));
    const waiting = waitForJob(read, { status: 'running' }, 10);
    status = 'completed';
    // act
    await vi.advanceTimersByTimeAsync(0);
    const beforePoll = read.mock.calls.length;
    await vi.advanceTimersByTimeAsync(WAIT_POLL_INITIAL_MS);
    // assert
    expect(beforePoll).toBe(0);
    expect(read).toHaveBeenCalledTimes(1);
    await expect(waiting).resolves.toEqual({ status: 'completed' });
  });
});
