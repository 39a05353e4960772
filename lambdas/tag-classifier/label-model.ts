import { buildNeighbourIndex, type Neighbour } from './nearest-neighbours';
import { type SoftmaxRegressionOptions, trainSoftmaxRegression } from './softmax-regression';
import type { SparseVector } from './tfidf';

/**
 * How the two learners are blended. The defaults were chosen by a validation split inside
 * the training part of the assignment-group data (best accuracy + macro-F1), never on a test part.
 */
export interface LabelModelOptions extends SoftmaxRegressionOptions {
  /** Neighbours that vote. @default 10 */
  readonly neighbours?: number;
  /** A neighbour's vote is its similarity raised to this power (favours near-duplicates). @default 4 */
  readonly similarityPower?: number;
  /** Weight of the linear model's probabilities against the neighbours' vote shares (0..1). @default 0.7 */
  readonly linearWeight?: number;
  /**
   * Prior correction: blended scores are divided by classPrior^priorCorrection, so
   * frequent classes do not win every uncertain case. @default 0.15
   */
  readonly priorCorrection?: number;
}

/** A label with its probability. */
export interface ScoredLabel {
  readonly label: string;
  readonly probability: number;
}

/** One label field's prediction: ranked labels and the neighbours that voted. */
export interface LabelPrediction {
  readonly ranked: readonly ScoredLabel[];
  readonly neighbours: readonly Neighbour[];
}

/** A trained classifier of one label field (e.g. assignment group). */
export interface LabelModel {
  readonly labels: readonly string[];
  predict(vector: SparseVector, exclude?: number): LabelPrediction;
}

/**
 * Trains one label field from labelled history: a multinomial logistic regression and
 * a similarity-weighted nearest-neighbour vote over the same tf-idf vectors, blended
 * and prior-corrected, renormalised into probabilities.
 */
export function trainLabelModel(
  vectors: readonly SparseVector[],
  labels: readonly string[],
  dimension: number,
  options: LabelModelOptions = {},
): LabelModel {
  const names = [...new Set(labels)].sort();
  const indexOf = new Map(names.map((name, index) => [name, index]));
  const ids = labels.map((label) => indexOf.get(label) as number);
  const linear = trainSoftmaxRegression(vectors, ids, names.length, dimension, options);
  const index = buildNeighbourIndex(vectors, dimension);
  const k = options.neighbours ?? 10;
  const power = options.similarityPower ?? 4;
  const linearWeight = options.linearWeight ?? 0.7;
  const correction = options.priorCorrection ?? 0.15;
  const prior = new Float64Array(names.length);
  for (const id of ids) prior[id] = (prior[id] as number) + 1 / ids.length;
  return {
    labels: names,
    predict(vector, exclude) {
      const neighbours = index.nearest(vector, k, exclude);
      // Nothing in common with any historical incident: the honest answer is the class prior.
      const probabilities = neighbours.length === 0 ? prior : linear.predict(vector);
      const votes = new Float64Array(names.length);
      let total = 0;
      for (const n of neighbours) {
        const weight = n.similarity ** power;
        votes[ids[n.index] as number] = (votes[ids[n.index] as number] as number) + weight;
        total += weight;
      }
      const blended = Float64Array.from(probabilities, (p, c) => {
        const vote = total > 0 ? (votes[c] as number) / total : p;
        return (linearWeight * p + (1 - linearWeight) * vote) / (prior[c] as number) ** correction;
      });
      const sum = blended.reduce((a, b) => a + b, 0) || 1;
      const ranked = names
        .map((label, c) => ({ label, probability: (blended[c] as number) / sum }))
        .sort((a, b) => b.probability - a.probability || a.label.localeCompare(b.label));
      return { ranked, neighbours };
    },
  };
}
