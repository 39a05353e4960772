import { Worker } from 'node:worker_threads';
import type { Queryable } from '../lambdas/shared/db/pool';
import { logger } from '../lambdas/shared/observability';
import { classifierOptionsOf, type HistoryOptions } from '../lambdas/tag-classifier/history';
import type { LabelledIncident } from '../lambdas/tag-classifier/schemas';
import { refreshTagModel, type TagModelTraining } from '../lambdas/tag-classifier/trainer';
import type { TagModelThreadInput, TagModelThreadMessage } from './tag-model-thread';

/** A training of the Tag Classifier under way on its own thread. */
export interface LocalTagModelTraining {
  /** Settles once the model is stored (or found unchanged); rejects when training failed. */
  readonly done: Promise<TagModelTraining>;
  /** Stops a training still running (its thread is terminated) and waits for the end. */
  stop(): Promise<void>;
}

/**
 * The local runtime's trainer, run after its ETL load: the same {@link refreshTagModel}
 * as the trainer Lambda (skipped when the stored model learnt from this history), the
 * training itself on a worker thread so the runtime's HTTP thread is not blocked.
 */
export function startLocalTagModelTraining(db: Queryable, options: HistoryOptions = {}): LocalTagModelTraining {
  const threads = new Set<Worker>();
  let stopped = false;
  const train = (history: readonly LabelledIncident[], given: HistoryOptions) =>
    stopped
      ? Promise.reject(new Error('The local Tag Classifier training was stopped.'))
      : trainTagModelOnThread(history, given, threads);
  const done = refreshTagModel(db, { ...options, train });
  done.catch((error: unknown) => {
    if (!stopped) logger.error('The local Tag Classifier training failed', { error });
  });
  return {
    done,
    stop: async () => {
      stopped = true;
      await Promise.all([...threads].map((thread) => thread.terminate()));
      await done.catch(() => undefined);
    },
  };
}

/**
 * Trains and encodes a model of `history` on a new worker thread (what
 * {@link startLocalTagModelTraining} runs): the calling thread stays free meanwhile.
 * The thread is in `threads` while it runs, so a caller can terminate it.
 */
export function trainTagModelOnThread(
  history: readonly LabelledIncident[],
  options: HistoryOptions = {},
  threads: Set<Worker> = new Set(),
): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    const input: TagModelThreadInput = {
      history,
      // Plain data only: the classifier's options and how many examples to keep.
      options: { ...classifierOptionsOf(options), examplesPerLabel: options.examplesPerLabel },
    };
    const thread = new Worker(new URL('./tag-model-thread.ts', import.meta.url), { workerData: input });
    threads.add(thread);
    thread.once('message', (message: TagModelThreadMessage) => {
      if (message.kind === 'trained') resolve(message.bytes);
      else reject(new Error(`The Tag Classifier training thread failed: ${message.message}`));
    });
    thread.once('error', reject);
    thread.once('exit', (code) => {
      threads.delete(thread);
      reject(new Error(`The Tag Classifier training thread exited (code ${code}) before posting a model.`));
    });
  });
}
