import type { Queryable } from '../shared/db/pool';
import { logger } from '../shared/observability';
import { type HistoryOptions, historyFingerprint, loadLabelledHistory, trainTagModel } from './history';
import { encodeTagModel } from './model-state';
import {
  type HistoryWatermark,
  newestTagModelInfo,
  readHistoryWatermark,
  sameWatermark,
  saveTagModel,
} from './model-store';
import type { LabelledIncident } from './schemas';

/** How the trainer trains. */
export interface TagModelTrainerOptions extends HistoryOptions {
  /** Train even when the stored model learnt from the same history. @default false */
  readonly force?: boolean;
  /** Stored models kept (the newest). @default 3 */
  readonly keep?: number;
  /**
   * Trains and encodes a model of the history (the local runtime passes one that runs on a
   * worker thread). @default in this thread, {@link trainTagModelBytes}
   */
  readonly train?: (history: readonly LabelledIncident[], options: HistoryOptions) => Promise<Uint8Array>;
}

/** What a trainer run did. */
export type TagModelTraining =
  | {
      readonly status: 'unchanged';
      /** The stored model that already learnt from this history. */
      readonly modelId: number;
      readonly watermark: HistoryWatermark;
    }
  | {
      readonly status: 'trained';
      readonly modelId: number;
      readonly watermark: HistoryWatermark;
      readonly historySize: number;
      readonly byteSize: number;
      /** Wall time of training and encoding. */
      readonly trainingMs: number;
    };

/** Trains a model of the history and encodes it: the stored model's bytes. Pure CPU, no I/O. */
export function trainTagModelBytes(history: readonly LabelledIncident[], options: HistoryOptions = {}): Uint8Array {
  return encodeTagModel(trainTagModel(history, options).model);
}

/**
 * The trainer: reads the labelled history's watermark and the newest stored model of
 * these options; when that model learnt from the same watermark it stops there (no
 * training), otherwise it reads the history, trains, stores the model and prunes the
 * older ones. The watermark is read before the history, so a load landing in between
 * makes the next run retrain rather than miss it.
 */
export async function refreshTagModel(db: Queryable, options: TagModelTrainerOptions = {}): Promise<TagModelTraining> {
  const { force, keep, train, ...historyOptions } = options;
  const fingerprint = historyFingerprint(historyOptions);
  const watermark = await readHistoryWatermark(db);
  const newest = await newestTagModelInfo(db, fingerprint);
  if (force !== true && newest !== null && sameWatermark(newest.watermark, watermark)) {
    logger.info('Tag Classifier model unchanged: the stored one learnt from this history', {
      modelId: newest.id,
      watermark,
    });
    return { status: 'unchanged', modelId: newest.id, watermark };
  }
  const history = await loadLabelledHistory(db, historyOptions.limit);
  const started = performance.now();
  const bytes =
    train === undefined ? trainTagModelBytes(history, historyOptions) : await train(history, historyOptions);
  const trainingMs = performance.now() - started;
  const modelId = await saveTagModel(
    db,
    { fingerprint, historySize: history.length, watermark, trainingMs, trainedBy: 'trainer', bytes },
    keep,
  );
  logger.info('Tag Classifier model trained and stored', {
    modelId,
    historySize: history.length,
    byteSize: bytes.byteLength,
    trainingMs: Math.round(trainingMs),
    watermark,
  });
  return {
    status: 'trained',
    modelId,
    watermark,
    historySize: history.length,
    byteSize: bytes.byteLength,
    trainingMs,
  };
}
