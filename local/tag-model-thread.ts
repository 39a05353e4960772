import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

/**
 * The local runtime's Tag Classifier training thread: trains and encodes one model of
 * the history it is given and posts the bytes back, so the ~10 s of CPU a few thousand
 * incidents take run beside the HTTP server instead of stalling it.
 *
 * Node 24 runs this file as is (type stripping), so it loads the trainer through tsx:
 * keep it to erasable TypeScript and package imports only.
 */

/** What the runtime passes in. */
export interface TagModelThreadInput {
  readonly history: readonly unknown[];
  readonly options: Record<string, unknown>;
}

/** What the thread posts back. */
export type TagModelThreadMessage =
  | { readonly kind: 'trained'; readonly bytes: Uint8Array }
  | { readonly kind: 'failed'; readonly message: string };

if (parentPort !== null) {
  const input = workerData as TagModelThreadInput;
  try {
    const trainer = await tsImport('../lambdas/tag-classifier/trainer.ts', import.meta.url);
    const bytes = trainer.trainTagModelBytes(input.history, input.options) as Uint8Array;
    parentPort.postMessage({ kind: 'trained', bytes } satisfies TagModelThreadMessage);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    parentPort.postMessage({ kind: 'failed', message } satisfies TagModelThreadMessage);
  }
}
