/**
 * The offline Tag Classifier and the similarity agent's retrieval on the real
 * assignment-group tickets (../shared/data, read in place): a seeded 80/20 split, the
 * classifier trained on the 80 % only (its settings were chosen by cross-validation
 * inside a training part, never on a test part), scored on the 20 %.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHashingEmbedder } from '../../lambdas/shared/embeddings';
import {
  buildNeighbourIndex,
  fitTfidf,
  type TagClassifierOptions,
  trainTagClassifier,
} from '../../lambdas/tag-classifier';
import { macroF1, parseCsv, SHARED_DATA, shuffled } from './helpers';

/** The assignment-group ticket file. */
export const ASSIGNMENT_TICKETS = join(SHARED_DATA, 'it-ticket-assignment-groups/all_tickets.csv');

/** A labelled ticket of the data set. */
export interface GroupTicket {
  readonly shortDescription: string;
  /** Full_Description (short description and description, as the data set preprocessed them). */
  readonly description: string;
  readonly group: string;
}

/** Accuracy and macro-F1 of one predictor. */
export interface Score {
  readonly accuracy: number;
  readonly macroF1: number;
}

/** The figures `npm run eval` prints for issue 7. */
export interface TagClassifierEvaluation {
  readonly tagClassifier: Score & {
    readonly seed: number;
    readonly train: number;
    readonly test: number;
    readonly majority: Score;
    /** Plain tf-idf (words) kNN, k = 5: the reference the issue names. */
    readonly tfidfKnn: Score;
    /** The predictions at or above the confidence threshold: share of tickets and their accuracy. */
    readonly confident: { readonly threshold: number; readonly coverage: number; readonly accuracy: number };
  };
  readonly similarity: {
    /** Share of the top 5 retrieved training tickets in the query's group (hashing embedder, as findSimilar ranks). */
    readonly precisionAt5: number;
    /** The same with the classifier's tf-idf space. */
    readonly tfidfPrecisionAt5: number;
  };
}

/** Reads the data set. */
export function readGroupTickets(file = ASSIGNMENT_TICKETS): GroupTicket[] {
  const [, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  return rows
    .filter((r) => r.length >= 4)
    .map((r) => ({ shortDescription: (r[0] ?? '').trim(), description: (r[2] ?? '').trim(), group: r[3] ?? '' }));
}

/** The seeded 80/20 split of `npm run eval -- --seed N`. */
export function splitTickets(
  tickets: readonly GroupTicket[],
  seed: number,
): { train: GroupTicket[]; test: GroupTicket[] } {
  const order = shuffled(tickets, seed);
  const cut = Math.floor(order.length * 0.8);
  return { train: order.slice(0, cut), test: order.slice(cut) };
}

/** Splits, trains on the 80 %, scores on the 20 %: the classifier and the similarity retrieval. */
export async function evaluateTagClassifier(
  tickets: readonly GroupTicket[],
  seed: number,
): Promise<TagClassifierEvaluation> {
  const { train, test } = splitTickets(tickets, seed);
  return {
    tagClassifier: evaluateAssignment(train, test, seed),
    similarity: await evaluateSimilarity(train, test),
  };
}

/**
 * Assignment-group accuracy and macro-F1 of the Tag Classifier trained on `train`,
 * beside the majority class and the word tf-idf kNN reference, scored on `test`.
 */
export function evaluateAssignment(
  train: readonly GroupTicket[],
  test: readonly GroupTicket[],
  seed: number,
  options: TagClassifierOptions = {},
): TagClassifierEvaluation['tagClassifier'] {
  const truth = test.map((t) => t.group);
  const score = (predicted: readonly string[]): Score => ({
    accuracy: round(truth.filter((t, i) => t === predicted[i]).length / truth.length),
    macroF1: round(macroF1(truth, predicted)),
  });

  const classifier = trainTagClassifier(
    train.map((t) => ({ ...t, assignmentGroup: t.group })),
    options,
  );
  const outputs = test.map((t) => classifier.classify(t).assignmentGroup);
  const predicted = outputs.map((o) => o?.value ?? '');
  const threshold = classifier.classify(test[0] ?? { shortDescription: '-', description: '' }).threshold;
  const confident = outputs.map((o, i) => ({
    ok: o?.value === truth[i],
    confident: (o?.confidence ?? 0) >= threshold,
  }));
  const kept = confident.filter((c) => c.confident);

  const counts = new Map<string, number>();
  for (const t of train) counts.set(t.group, (counts.get(t.group) ?? 0) + 1);
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';

  // The reference: word tf-idf only, 5 nearest, similarity-weighted vote.
  const words = fitTfidf(train, { charGrams: null, bigrams: false, concepts: false, titleWords: false });
  const wordIndex = buildNeighbourIndex(
    train.map((t) => words.transform(t)),
    words.dimension,
  );
  const knn = test.map((t) => vote(wordIndex.nearest(words.transform(t), 5), train));

  return {
    seed,
    train: train.length,
    test: test.length,
    ...score(predicted),
    majority: score(test.map(() => majority)),
    tfidfKnn: score(knn),
    confident: {
      threshold,
      coverage: round(kept.length / confident.length),
      accuracy: round(kept.filter((c) => c.ok).length / Math.max(kept.length, 1)),
    },
  };
}

/** Similar-incident precision@5 (same group) of the hashing embedder (as findSimilar) and of tf-idf. */
export async function evaluateSimilarity(
  train: readonly GroupTicket[],
  test: readonly GroupTicket[],
): Promise<TagClassifierEvaluation['similarity']> {
  const tfidf = fitTfidf(train);
  const tfidfIndex = buildNeighbourIndex(
    train.map((t) => tfidf.transform(t)),
    tfidf.dimension,
  );
  const tfidfPrecision = mean(test.map((t) => precisionOf(tfidfIndex.nearest(tfidf.transform(t), 5), train, t.group)));

  const embedder = createHashingEmbedder({ dimension: 512 });
  const trainVectors = (await embedder.embed(train.map((t) => t.description))).map(unit);
  const testVectors = (await embedder.embed(test.map((t) => t.description))).map(unit);
  const hashingPrecision = mean(
    testVectors.map((query, i) => {
      const top = trainVectors
        .map((vector, index) => ({ index, similarity: dot(query, vector) }))
        .sort((a, b) => b.similarity - a.similarity || a.index - b.index)
        .slice(0, 5);
      return precisionOf(top, train, test[i]?.group ?? '');
    }),
  );
  return { precisionAt5: round(hashingPrecision), tfidfPrecisionAt5: round(tfidfPrecision) };
}

/** One line per figure, for the plain-text report. */
export function describeTagClassifier(e: TagClassifierEvaluation): string[] {
  const t = e.tagClassifier;
  return [
    `Tag Classifier (assignment group, seed ${t.seed}, train ${t.train}, test ${t.test}): accuracy ${t.accuracy.toFixed(3)}, macro-F1 ${t.macroF1.toFixed(3)}`,
    `  majority class ${t.majority.accuracy.toFixed(3)} / ${t.majority.macroF1.toFixed(3)}; word tf-idf kNN (k=5) ${t.tfidfKnn.accuracy.toFixed(3)} / ${t.tfidfKnn.macroF1.toFixed(3)}`,
    `  confident (≥ ${t.confident.threshold}): ${(100 * t.confident.coverage).toFixed(1)}% of tickets at accuracy ${t.confident.accuracy.toFixed(3)}; the rest are marked uncertain for the model`,
    `similar incidents precision@5 (same group): ${e.similarity.precisionAt5.toFixed(3)} (hashing embedder, as findSimilar), ${e.similarity.tfidfPrecisionAt5.toFixed(3)} (tf-idf)`,
  ];
}

function vote(neighbours: ReadonlyArray<{ index: number; similarity: number }>, train: readonly GroupTicket[]): string {
  const weights = new Map<string, number>();
  for (const n of neighbours) {
    const group = train[n.index]?.group ?? '';
    weights.set(group, (weights.get(group) ?? 0) + n.similarity);
  }
  return [...weights.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'GRP_0';
}

function precisionOf(top: ReadonlyArray<{ index: number }>, train: readonly GroupTicket[], group: string): number {
  return top.length === 0 ? 0 : top.filter((n) => train[n.index]?.group === group).length / 5;
}

// Cosine similarity as findSimilar computes it, on pre-normalised vectors (one dot product per pair).
function unit(vector: readonly number[]): Float64Array {
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0)) || 1;
  return Float64Array.from(vector, (v) => v / norm);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
}

function round(value: number): number {
  return Number(value.toFixed(4));
}
