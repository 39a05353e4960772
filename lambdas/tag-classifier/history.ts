import type { Queryable } from '../shared/db/pool';
import { type TagClassifier, type TagClassifierOptions, trainTagClassifier } from './classifier';
import { type LabelledIncident, TAG_FIELDS, type TagField } from './schemas';

/** Labelled history read from the incidents table, and the classifier trained on it. */
export interface TrainedHistory {
  readonly classifier: TagClassifier;
  /** Up to `examplesPerLabel` texts per label and field, newest first: the examples a model is shown. */
  examples(field: TagField, label: string): readonly string[];
  /** When it was trained (ms since the epoch). */
  readonly trainedAt: number;
}

/** How the history is read and kept. */
export interface HistoryOptions extends TagClassifierOptions {
  /** Newest labelled incidents learnt from at most. @default 5000 */
  readonly limit?: number;
  /** Retrain after this long (a warm function keeps learning from new history). @default 3_600_000 */
  readonly refreshMs?: number;
  /** @default 5 */
  readonly examplesPerLabel?: number;
  /** @default Date.now */
  readonly now?: () => number;
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
 * A classifier source for a function's life: trains on the database's history on first
 * use, shares the training between concurrent callers, and retrains once `refreshMs`
 * has passed (the old classifier answers until the new one is ready).
 */
export function createHistoryClassifierSource(
  db: Queryable,
  options: HistoryOptions = {},
): () => Promise<TrainedHistory> {
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? 3_600_000;
  let current: Promise<TrainedHistory> | undefined;
  let refreshing: Promise<TrainedHistory> | undefined;
  const train = async (): Promise<TrainedHistory> => {
    const history = await loadLabelledHistory(db, options.limit);
    return trainFromHistory(history, options, now());
  };
  return async () => {
    if (current === undefined) {
      current = train();
      current.catch(() => {
        current = undefined;
      });
      return current;
    }
    const ready = await current;
    if (now() - ready.trainedAt > refreshMs && refreshing === undefined) {
      refreshing = train();
      refreshing
        .then((next) => {
          current = Promise.resolve(next);
        })
        .catch(() => undefined)
        .finally(() => {
          refreshing = undefined;
        });
    }
    return ready;
  };
}

/** Trains on given history and indexes its examples per label. */
export function trainFromHistory(
  history: readonly LabelledIncident[],
  options: HistoryOptions = {},
  trainedAt = Date.now(),
): TrainedHistory {
  const perLabel = options.examplesPerLabel ?? 5;
  const examples = new Map<string, string[]>();
  for (const incident of history)
    for (const field of TAG_FIELDS) {
      const label = incident[field];
      if (label === null || label === undefined || label === '') continue;
      const key = `${field}\u0000${label}`;
      const list = examples.get(key) ?? [];
      if (list.length < perLabel) {
        list.push(`${incident.shortDescription} ${incident.description ?? ''}`.trim());
        examples.set(key, list);
      }
    }
  return {
    classifier: trainTagClassifier(history, options),
    examples: (field, label) => examples.get(`${field}\u0000${label}`) ?? [],
    trainedAt,
  };
}
