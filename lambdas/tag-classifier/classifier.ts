import { extractConcepts } from '../shared/embeddings';
import { detectLanguageOfTokens } from '../shared/embeddings/detect-language';
import { tokenize } from '../shared/embeddings/text-normalization';
import {
  DEFAULT_LABEL_MODEL_OPTIONS,
  type LabelModel,
  type LabelModelOptions,
  type LabelModelState,
  labelModelFromState,
  trainLabelModelWithState,
} from './label-model';
import { buildNeighbourIndex, type Neighbour, type NeighbourIndex } from './nearest-neighbours';
import {
  type LabelGuess,
  type LabelledIncident,
  LabelledIncidentSchema,
  TAG_FIELDS,
  type TagClassifierInput,
  type TagClassifierOutput,
  type TagField,
} from './schemas';
import { DEFAULT_TEXT_FEATURE_OPTIONS } from './text-features';
import {
  fitTfidfWithVectors,
  type SparseVector,
  type TermCounts,
  type TfidfOptions,
  type TfidfState,
  tfidfFromState,
} from './tfidf';

/** Options of {@link trainTagClassifier}. */
export interface TagClassifierOptions extends LabelModelOptions, TfidfOptions {
  /** Below this confidence a field is "uncertain" (the solver may ask the model). @default 0.5 */
  readonly confidenceThreshold?: number;
  /** Free tags returned at most. @default 5 */
  readonly maxTags?: number;
}

/**
 * Default weight of each feature family in the classifier's tf-idf space (words, bigrams,
 * character n-grams, concepts, short-description words and bigrams): chosen by 4-fold
 * cross-validation inside training parts, so the many character n-grams do not drown the
 * words. Character n-grams 1 -> 1.4 with title bigrams (DEFAULT_TEXT_FEATURE_OPTIONS): 24
 * inner folds of seeds 1-6, accuracy 0.6856 / macro-F1 0.3973 against 0.6838 / 0.3937.
 */
export const DEFAULT_FAMILY_WEIGHTS: Readonly<Record<string, number>> = { w: 1, b: 0.7, c: 1.4, '@': 0.5, s: 0.7 };

/** A classifier trained on labelled history. */
export interface TagClassifier {
  /** How many labelled incidents it learnt from. */
  readonly historySize: number;
  /** Category, subcategory, assignment group and free tags, each with a confidence. */
  classify(input: TagClassifierInput): TagClassifierOutput;
}

/**
 * A trained Tag Classifier as plain data (numbers, strings, typed arrays): what a stored
 * model holds. {@link tagClassifierFromState} rebuilds the classifier from it, classifying
 * exactly as the one trained.
 */
export interface TagClassifierState {
  /** The options it was trained with, defaults filled in (a later change of defaults does not alter it). */
  readonly options: TagClassifierOptions;
  readonly historySize: number;
  readonly tfidf: TfidfState;
  /** The history's term counts, one text per incident (they rebuild the training vectors). */
  readonly counts: TermCounts;
  /** Each incident's exact-duplicate key ({@link duplicateTextOf}). */
  readonly duplicateKeys: readonly string[];
  /** The bilingual concepts of the first field's training rows, by row (free tags). */
  readonly rowConcepts: ReadonlyArray<readonly string[]>;
  /** Per labelled field: its training rows (incident indices) and its model. */
  readonly fields: ReadonlyArray<{
    readonly field: TagField;
    readonly rows: Int32Array;
    readonly model: LabelModelState;
  }>;
}

/** The options a classifier is trained with, defaults filled in: what its state records. */
export function resolveTagClassifierOptions(options: TagClassifierOptions = {}): TagClassifierOptions {
  // Plain data only (a caller's extra keys such as functions are not options of the model).
  const given = JSON.parse(JSON.stringify(options)) as TagClassifierOptions;
  return {
    ...DEFAULT_TEXT_FEATURE_OPTIONS,
    ...DEFAULT_LABEL_MODEL_OPTIONS,
    familyWeights: DEFAULT_FAMILY_WEIGHTS,
    confidenceThreshold: 0.5,
    maxTags: 5,
    ...given,
  };
}

/**
 * Trains the offline Tag Classifier on labelled history: one tf-idf space (word
 * uni/bigrams, character n-grams, bilingual concepts, each family weighted; fitted on the
 * history only) and, per labelled field, a blend of one-vs-rest linear SVMs (solved by
 * dual coordinate descent), similarity-weighted nearest-neighbour voting and the labels of
 * exact duplicates (see trainLabelModel and DEFAULT_LABEL_MODEL_OPTIONS). Deterministic
 * for the same history.
 */
export function trainTagClassifier(
  history: readonly LabelledIncident[],
  options: TagClassifierOptions = {},
): TagClassifier {
  return trainTagClassifierWithState(history, options).classifier;
}

/** {@link trainTagClassifier} that also returns the classifier as plain data (to store it). */
export function trainTagClassifierWithState(
  history: readonly LabelledIncident[],
  options: TagClassifierOptions = {},
): { classifier: TagClassifier; state: TagClassifierState } {
  const incidents = history.map((h) => LabelledIncidentSchema.parse(h));
  const resolved = resolveTagClassifierOptions(options);
  const { vectorizer, vectors, state: tfidf, counts } = fitTfidfWithVectors(incidents, resolved);
  const duplicateKeys = incidents.map(duplicateTextOf);
  const models = new Map<TagField, LabelModel>();
  const fields: Array<TagClassifierState['fields'][number]> = [];
  const indexOf = sharedIndexes(vectors, vectorizer.dimension);
  let rowConcepts: ReadonlyArray<readonly string[]> = [];
  for (const field of TAG_FIELDS) {
    const rows = rowsOf(incidents, field);
    if (rows.length === 0) continue;
    // Free tags read the first field's neighbours: their concepts by that model's row.
    if (models.size === 0)
      rowConcepts = Array.from(rows, (i) => {
        const incident = incidents[i] as LabelledIncident;
        return conceptsOf(`${incident.shortDescription} ${incident.description}`);
      });
    const { model, state } = trainLabelModelWithState(
      Array.from(rows, (i) => vectors[i] as SparseVector),
      Array.from(rows, (i) => incidents[i]?.[field] as string),
      vectorizer.dimension,
      resolved,
      Array.from(rows, (i) => duplicateKeys[i] as string),
      indexOf(rows),
    );
    models.set(field, model);
    fields.push({ field, rows, model: state });
  }
  const state: TagClassifierState = {
    options: resolved,
    historySize: incidents.length,
    tfidf,
    counts,
    duplicateKeys,
    rowConcepts,
    fields,
  };
  return { state, classifier: classifierOf(state, vectorizer, models) };
}

/**
 * The classifier of a stored state: the vectoriser, the training vectors (from their term
 * counts), each field's linear model (a one-vs-rest SVM's weights from its dual), neighbour
 * index and duplicate counts rebuilt with the same arithmetic, so it classifies exactly as
 * the classifier trained.
 */
export function tagClassifierFromState(state: TagClassifierState): TagClassifier {
  const { vectorizer, vectorsOf } = tfidfFromState(state.tfidf);
  const vectors = vectorsOf(state.counts);
  const models = new Map<TagField, LabelModel>();
  const indexOf = sharedIndexes(vectors, vectorizer.dimension);
  for (const { field, rows, model } of state.fields)
    models.set(
      field,
      labelModelFromState(
        model,
        Array.from(rows, (i) => vectors[i] as SparseVector),
        vectorizer.dimension,
        state.options,
        Array.from(rows, (i) => state.duplicateKeys[i] as string),
        indexOf(rows),
      ),
    );
  return classifierOf(state, vectorizer, models);
}

/**
 * One neighbour index per distinct set of training rows: fields labelled on the same
 * incidents (usually all three) share it, so a classification searches their neighbours
 * once (the index answers a repeated query from its last answer) and holds one index.
 */
function sharedIndexes(vectors: readonly SparseVector[], dimension: number): (rows: Int32Array) => NeighbourIndex {
  const built: Array<{ rows: Int32Array; index: NeighbourIndex }> = [];
  return (rows) => {
    const same = built.find((b) => b.rows.length === rows.length && b.rows.every((row, k) => row === rows[k]));
    if (same !== undefined) return same.index;
    const index = buildNeighbourIndex(
      Array.from(rows, (i) => vectors[i] as SparseVector),
      dimension,
    );
    built.push({ rows, index });
    return index;
  };
}

/** The incidents labelled in `field`, ascending. */
function rowsOf(incidents: readonly LabelledIncident[], field: TagField): Int32Array {
  const rows: number[] = [];
  incidents.forEach((incident, i) => {
    const label = incident[field];
    if (label !== null && label !== '') rows.push(i);
  });
  return Int32Array.from(rows);
}

function classifierOf(
  state: TagClassifierState,
  vectorizer: { transform(input: TagClassifierInput): SparseVector },
  models: ReadonlyMap<TagField, LabelModel>,
): TagClassifier {
  const threshold = state.options.confidenceThreshold ?? 0.5;
  const maxTags = state.options.maxTags ?? 5;
  const { rowConcepts, historySize } = state;
  return {
    historySize,
    classify(input) {
      const vector = vectorizer.transform(input);
      const key = duplicateTextOf({ shortDescription: input.shortDescription, description: input.description ?? '' });
      const guesses: Record<TagField, LabelGuess | null> = { category: null, subcategory: null, assignmentGroup: null };
      // The first field's neighbours also rank the free tags (one neighbour search less per call).
      let neighbours: readonly Neighbour[] | undefined;
      for (const [field, model] of models) {
        const prediction = model.predict(vector, undefined, key);
        neighbours ??= prediction.neighbours;
        const [best, ...rest] = prediction.ranked;
        if (best !== undefined)
          guesses[field] = {
            value: best.label,
            confidence: round(best.probability),
            alternatives: rest.slice(0, 3).map((r) => ({ value: r.label, confidence: round(r.probability) })),
          };
      }
      const uncertainFields = TAG_FIELDS.filter(
        (f) => guesses[f] !== null && (guesses[f]?.confidence ?? 0) < threshold,
      );
      return {
        ...guesses,
        tags: freeTags(input, neighbours ?? []),
        uncertainFields,
        confident: uncertainFields.length === 0 && TAG_FIELDS.some((f) => guesses[f] !== null),
        threshold,
        historySize,
        basis: 'history',
      };
    },
  };

  // Concepts named in the text count with at least 0.5; those its nearest incidents share
  // add their similarity-weighted share, so a concept both say is near 1.
  function freeTags(input: TagClassifierInput, neighbours: readonly Neighbour[]): TagClassifierOutput['tags'] {
    const own = new Set(conceptsOf(`${input.shortDescription} ${input.description ?? ''}`));
    const total = neighbours.reduce((sum, n) => sum + n.similarity, 0);
    const shares = new Map<string, number>();
    for (const n of neighbours)
      for (const concept of new Set(rowConcepts[n.index] ?? []))
        shares.set(concept, (shares.get(concept) ?? 0) + n.similarity / (total || 1));
    const scored = new Map<string, number>();
    for (const concept of own) scored.set(concept, 0.5 + 0.5 * (shares.get(concept) ?? 0));
    for (const [concept, share] of shares) if (!own.has(concept) && share >= 0.5) scored.set(concept, share);
    return [...scored.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, maxTags)
      .map(([tag, confidence]) => ({ tag, confidence: round(Math.min(confidence, 1)) }));
  }
}

/**
 * The key of an exact repeat of a historical ticket, spacing included (case aside): the
 * anonymised history keeps the gaps where identifiers were removed, and a repeat is
 * routed as it was before.
 */
export function duplicateTextOf(ticket: { shortDescription: string; description: string }): string {
  return `${ticket.shortDescription}\n${ticket.description}`.toLowerCase();
}

function conceptsOf(text: string): string[] {
  const tokens = tokenize(text);
  return extractConcepts(tokens, detectLanguageOfTokens(text, tokens).language);
}

function round(value: number): number {
  return Number(value.toFixed(4));
}
