import type { Queryable } from '../shared/db/pool';
import { logger } from '../shared/observability';
import {
  resolveTagClassifierOptions,
  type TagClassifier,
  type TagClassifierOptions,
  tagClassifierFromState,
  trainTagClassifierWithState,
} from './classifier';
import { decodeTagModel, encodeTagModel, type StoredTagModel, tagModelFingerprint } from './model-state';
import {
  loadNewestTagModel,
  newestTagModelInfo,
  readHistoryWatermark,
  type StoredTagModelRow,
  saveTagModel,
} from './model-store';
import { type LabelledIncident, TAG_FIELDS, type TagField } from './schemas';

/** Labelled history read from the incidents table, and the classifier trained on it. */
export interface TrainedHistory {
  readonly classifier: TagClassifier;
  /** Up to `examplesPerLabel` texts per label and field, newest first: the examples a model is shown. */
  examples(field: TagField, label: string): readonly string[];
  /** When it was trained (ms since the epoch). */
  readonly trainedAt: number;
  /** A stored model loaded ('stored'), or trained in this process ('trained'). */
  readonly origin: 'stored' | 'trained';
  /** The stored model's id; null when it was trained here and not stored. */
  readonly modelId: number | null;
}

/** How the history is read and kept. */
export interface HistoryOptions extends TagClassifierOptions {
  /** Newest labelled incidents learnt from at most. @default 5000 */
  readonly limit?: number;
  /**
   * A source checks for a newer stored model (one SELECT of its id) at most this often;
   * the trainer stores them. @default 300_000
   */
  readonly refreshMs?: number;
  /** @default 5 */
  readonly examplesPerLabel?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /**
   * A training already under way (the local runtime's, after its ETL load): a source's
   * first use waits for it before reading the stored model, rather than training too.
   */
  readonly pendingModel?: Promise<unknown>;
}

/** The options of the classifier itself: `options` without how the history is read and kept. */
export function classifierOptionsOf(options: HistoryOptions = {}): TagClassifierOptions {
  const { limit, refreshMs, examplesPerLabel, now, pendingModel, ...classifier } = options;
  return classifier;
}

/** The fingerprint of the models `options` train (format version and the classifier's resolved options). */
export function historyFingerprint(options: HistoryOptions = {}): string {
  return tagModelFingerprint(resolveTagClassifierOptions(classifierOptionsOf(options)));
}

/**
 * The resolved and closed incidents with an assignment group, newest first: what the
 * Tag Classifier learns from. One statement.
 */
export async function loadLabelledHistory(db: Queryable, limit = 5000): Promise<LabelledIncident[]> {
  const { rows } = await db.query<{
    short_description: string;
    description: string;
    category: string | null;
    subcategory: string | null;
    assignment_group: string | null;
  }>(
    `SELECT short_description, description, category, subcategory, assignment_group FROM incidents
      WHERE state IN ('resolved', 'closed') AND assignment_group IS NOT NULL
      ORDER BY opened_at DESC, sys_id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    shortDescription: r.short_description,
    description: r.description,
    category: r.category,
    subcategory: r.subcategory,
    assignmentGroup: r.assignment_group,
  }));
}

/**
 * A classifier source for a function's life. On first use it loads the newest stored
 * model of its options (one SELECT and a decode, well under a second) instead of training,
 * or, when there is none of its options, the newest of other options (whole and
 * consistent, until the trainer stores one of these); only when no model is stored at all
 * does it train here, as the trainer would, and store the result for the others. Every
 * `refreshMs` at most it asks for the newest model's id and, when the trainer stored a
 * newer one, loads it (the old classifier answers meanwhile).
 */
export function createHistoryClassifierSource(
  db: Queryable,
  options: HistoryOptions = {},
): () => Promise<TrainedHistory> {
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? 300_000;
  const fingerprint = historyFingerprint(options);
  let current: Promise<TrainedHistory> | undefined;
  let checking: Promise<void> | undefined;
  let checkedAt = 0;

  const first = async (): Promise<TrainedHistory> => {
    await options.pendingModel?.catch(() => undefined);
    const stored = (await loadNewestTagModel(db, fingerprint)) ?? (await loadNewestTagModel(db));
    if (stored !== null) {
      // Trained under other options (e.g. defaults changed by a deploy): still a whole,
      // consistent model; it answers until the trainer stores one of these options.
      if (stored.fingerprint !== fingerprint)
        logger.warn(
          'The stored Tag Classifier model was trained with other options: using it until the trainer stores one of these',
          {
            fingerprint,
            storedFingerprint: stored.fingerprint,
            modelId: stored.id,
          },
        );
      return historyOfStored(stored);
    }
    logger.warn('No stored Tag Classifier model at all: training in this process and storing it', { fingerprint });
    return trainAndStore();
  };
  const trainAndStore = async (): Promise<TrainedHistory> => {
    const watermark = await readHistoryWatermark(db);
    const history = await loadLabelledHistory(db, options.limit);
    const started = process.cpuUsage();
    const { trained, model } = trainTagModel(history, options, now());
    const bytes = encodeTagModel(model);
    const used = process.cpuUsage(started);
    try {
      const modelId = await saveTagModel(db, {
        fingerprint,
        historySize: history.length,
        watermark,
        trainingMs: (used.user + used.system) / 1000,
        trainedBy: 'fallback',
        bytes,
      });
      return { ...trained, modelId };
    } catch (error) {
      logger.warn('Could not store the Tag Classifier model trained in this process', { error });
      return trained;
    }
  };
  const checkForNewer = async (ready: TrainedHistory): Promise<void> => {
    const id = (await newestTagModelInfo(db, fingerprint))?.id ?? null;
    if (id === null || (ready.modelId !== null && id <= ready.modelId)) return;
    const stored = await loadNewestTagModel(db, fingerprint);
    if (stored !== null) current = Promise.resolve(historyOfStored(stored));
  };

  return async () => {
    if (current === undefined) {
      checkedAt = now();
      const loading = first();
      current = loading;
      loading.catch(() => {
        if (current === loading) current = undefined;
      });
      return loading;
    }
    const ready = await current;
    if (now() - checkedAt >= refreshMs && checking === undefined) {
      checkedAt = now();
      checking = checkForNewer(ready)
        .catch((error: unknown) => logger.warn('Could not check for a newer Tag Classifier model', { error }))
        .finally(() => {
          checking = undefined;
        });
    }
    return ready;
  };
}

/** A stored model's row as a trained history: decoded and rebuilt, no training. */
export function historyOfStored(row: StoredTagModelRow): TrainedHistory {
  const model = decodeTagModel(row.bytes);
  return historyOfModel(model, tagClassifierFromState(model.classifier), Date.parse(row.trainedAt), 'stored', row.id);
}

/**
 * Trains on given history: the classifier, its examples per label, and the whole as the
 * plain data a stored model holds.
 */
export function trainTagModel(
  history: readonly LabelledIncident[],
  options: HistoryOptions = {},
  trainedAt = Date.now(),
): { trained: TrainedHistory; model: StoredTagModel } {
  const { classifier, state } = trainTagClassifierWithState(history, classifierOptionsOf(options));
  const model: StoredTagModel = { classifier: state, examples: examplesOf(history, options.examplesPerLabel ?? 5) };
  return { model, trained: historyOfModel(model, classifier, trainedAt, 'trained', null) };
}

/** Trains on given history and indexes its examples per label (nothing stored). */
export function trainFromHistory(
  history: readonly LabelledIncident[],
  options: HistoryOptions = {},
  trainedAt = Date.now(),
): TrainedHistory {
  return trainTagModel(history, options, trainedAt).trained;
}

function historyOfModel(
  model: StoredTagModel,
  classifier: TagClassifier,
  trainedAt: number,
  origin: TrainedHistory['origin'],
  modelId: number | null,
): TrainedHistory {
  return {
    classifier,
    examples: (field, label) => model.examples[`${field}\u0000${label}`] ?? [],
    trainedAt,
    origin,
    modelId,
  };
}

// Up to `perLabel` texts per field and label, in history order (newest first).
function examplesOf(history: readonly LabelledIncident[], perLabel: number): Record<string, string[]> {
  const examples: Record<string, string[]> = {};
  for (const incident of history)
    for (const field of TAG_FIELDS) {
      const label = incident[field];
      if (label === null || label === undefined || label === '') continue;
      const key = `${field}\u0000${label}`;
      const list = examples[key] ?? [];
      if (list.length < perLabel) {
        list.push(`${incident.shortDescription} ${incident.description ?? ''}`.trim());
        examples[key] = list;
      }
    }
  return examples;
}
