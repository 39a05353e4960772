import { type LinearSvmOptions, linearSvmFromState, trainLinearSvm } from './linear-svm';
import { buildNeighbourIndex, type Neighbour, type NeighbourIndex } from './nearest-neighbours';
import {
  type OneVsRestDual,
  type OneVsRestSvmOptions,
  oneVsRestSvmFromDual,
  trainOneVsRestSvm,
} from './one-vs-rest-svm';
import {
  type SoftmaxRegressionOptions,
  softmaxRegressionFromState,
  trainSoftmaxRegression,
} from './softmax-regression';
import type { DenseLinearState } from './sparse-linear';
import type { SparseVector } from './tfidf';

/**
 * Which linear learner scores the classes: multinomial logistic regression (SGD), the
 * Crammer–Singer multiclass SVM (SGD), the mean of those two, or one-vs-rest squared-hinge
 * SVMs solved to convergence by dual coordinate descent.
 */
export type LinearModelKind = 'softmax' | 'svm' | 'both' | 'one-vs-rest';

/**
 * How the learners are blended. The defaults were chosen by 4-fold cross-validation
 * inside the training part of seeded 80/20 splits of the assignment-group data (see
 * test/eval/tag-classifier-tuning.ts), never on a test part.
 */
export interface LabelModelOptions extends SoftmaxRegressionOptions, LinearSvmOptions, OneVsRestSvmOptions {
  /**
   * The linear learner: multinomial logistic regression, Crammer–Singer SVM, their mean, or
   * one-vs-rest squared-hinge SVMs. @default 'one-vs-rest'
   */
  readonly linearModel?: LinearModelKind;
  /** SVM margins (either SVM) become probabilities as softmax(temperature × margin). @default 4 */
  readonly svmTemperature?: number;
  /** Neighbours that vote. @default 30 */
  readonly neighbours?: number;
  /** A neighbour's vote is its similarity raised to this power (favours near-duplicates). @default 2 */
  readonly similarityPower?: number;
  /** Weight of the linear model's probabilities against the neighbours' vote shares (0..1). @default 0.6 */
  readonly linearWeight?: number;
  /**
   * Weight (0..1) of the label shares of the exact duplicates in history (same text when
   * duplicate keys are given, else same vector), all of them however many, against the
   * blend of the other two. @default 0.7
   */
  readonly duplicateWeight?: number;
  /**
   * Prior correction: blended scores are divided by classPrior^priorCorrection, so
   * frequent classes do not win every uncertain case. @default 0.3
   */
  readonly priorCorrection?: number;
}

/**
 * The defaults of {@link LabelModelOptions}, chosen by 4-fold cross-validation inside
 * the training parts of seeds 1–3 (test/eval/tag-classifier-tuning.ts), never on a test
 * part: one-vs-rest SVMs against the Crammer–Singer SVM at the earlier blend (0.4, prior^0.2)
 * gave accuracy 0.685 / 0.681 and macro-F1 0.403 / 0.387 on six inner folds, with linear
 * weight 0.6 and prior^0.3 the best macro-F1 that lost no accuracy. Temperature 3 -> 4
 * (sharper SVM probabilities) with the title bigrams and character n-gram weight 1.4 of
 * the tf-idf space: on 24 inner folds of seeds 1–6, of 72 blends (temperature 3/4/5,
 * neighbours 20/30, power 2/3, linear weight 0.6/0.7, prior^0.25/0.3/0.35) the one that
 * raised the smaller of the two gains most over the previous defaults: accuracy 0.6890 /
 * macro-F1 0.3984 against 0.6838 / 0.3937 (both floors of the target were at their edge).
 */
export const DEFAULT_LABEL_MODEL_OPTIONS = Object.freeze({
  linearModel: 'one-vs-rest',
  svmTemperature: 4,
  neighbours: 30,
  similarityPower: 2,
  linearWeight: 0.6,
  duplicateWeight: 0.7,
  priorCorrection: 0.3,
  cost: 1,
  balance: 0.3,
  maxPasses: 10,
} as const satisfies LabelModelOptions);

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
  /**
   * Ranks the labels of a vector. `exclude` skips one history index (leave-one-out);
   * `duplicateKey` finds the exact duplicates when the model was trained with keys.
   */
  predict(vector: SparseVector, exclude?: number, duplicateKey?: string): LabelPrediction;
}

/**
 * One label field's trained model as plain data: the sorted labels, the label of each
 * training vector and the linear learner(s). With the training vectors, their duplicate
 * keys and the options it was trained with, it rebuilds the model ({@link labelModelFromState}).
 */
export interface LabelModelState {
  readonly labels: readonly string[];
  /** The label index of each training vector. */
  readonly ids: Int32Array;
  readonly linear: LinearScorerState;
}

/** A trained linear learner as plain data. */
export type LinearLearnerState =
  | { readonly learner: 'one-vs-rest'; readonly dual: OneVsRestDual }
  | { readonly learner: 'softmax' | 'svm'; readonly dense: DenseLinearState };

/** The linear scorer of {@link trainLinearScorer} as plain data: its learner(s) and how margins become probabilities. */
export interface LinearScorerState {
  readonly kind: LinearModelKind;
  readonly temperature: number;
  readonly learners: readonly LinearLearnerState[];
}

/**
 * Trains one label field from labelled history: a linear model (see `linearModel`), a
 * similarity-weighted nearest-neighbour vote and the labels of exact duplicates, over
 * the same tf-idf vectors, blended and prior-corrected, renormalised into probabilities.
 * `duplicateKeys` (one per vector, e.g. the raw text) define exact duplicates; without
 * them, identical vectors are duplicates.
 */
export function trainLabelModel(
  vectors: readonly SparseVector[],
  labels: readonly string[],
  dimension: number,
  options: LabelModelOptions = {},
  duplicateKeys?: readonly string[],
): LabelModel {
  return trainLabelModelWithState(vectors, labels, dimension, options, duplicateKeys).model;
}

/**
 * {@link trainLabelModel} that also returns the model as plain data. `index`, when given,
 * is the neighbour index of exactly these vectors (shared with another field's model).
 */
export function trainLabelModelWithState(
  vectors: readonly SparseVector[],
  labels: readonly string[],
  dimension: number,
  options: LabelModelOptions = {},
  duplicateKeys?: readonly string[],
  index?: NeighbourIndex,
): { model: LabelModel; state: LabelModelState } {
  const names = [...new Set(labels)].sort();
  const indexOf = new Map(names.map((name, index) => [name, index]));
  const ids = Int32Array.from(labels, (label) => indexOf.get(label) as number);
  const linear = fitLinearScorer(vectors, ids, names.length, dimension, { ...DEFAULT_LABEL_MODEL_OPTIONS, ...options });
  const state: LabelModelState = { labels: names, ids, linear: linear.state };
  return { state, model: labelModelOf(state, linear.score, vectors, dimension, options, duplicateKeys, index) };
}

/**
 * A label model from its plain data, the training vectors (in training order), the
 * options it was trained with and its duplicate keys (and optionally the neighbour index
 * of those vectors): the same predictions as the model trained then, bit for bit.
 */
export function labelModelFromState(
  state: LabelModelState,
  vectors: readonly SparseVector[],
  dimension: number,
  options: LabelModelOptions = {},
  duplicateKeys?: readonly string[],
  index?: NeighbourIndex,
): LabelModel {
  const score = linearScorerFromState(state.linear, vectors, state.ids, dimension);
  return labelModelOf(state, score, vectors, dimension, options, duplicateKeys, index);
}

function labelModelOf(
  state: LabelModelState,
  linear: (vector: SparseVector) => Float64Array,
  vectors: readonly SparseVector[],
  dimension: number,
  options: LabelModelOptions,
  duplicateKeys: readonly string[] | undefined,
  sharedIndex: NeighbourIndex | undefined,
): LabelModel {
  const { labels: names, ids } = state;
  const index = sharedIndex ?? buildNeighbourIndex(vectors, dimension);
  const duplicates = new Map<string, Float64Array>();
  vectors.forEach((vector, i) => {
    const key = duplicateKeys?.[i] ?? duplicateKeyOf(vector);
    const counts = duplicates.get(key) ?? new Float64Array(names.length);
    counts[ids[i] as number] = (counts[ids[i] as number] as number) + 1;
    duplicates.set(key, counts);
  });
  const settings = blendSettingsOf(options);
  const prior = new Float64Array(names.length);
  for (const id of ids) prior[id] = (prior[id] as number) + 1 / ids.length;
  return {
    labels: names,
    predict(vector, exclude, duplicateKey) {
      const neighbours = index.nearest(vector, settings.neighbours, exclude);
      // Nothing in common with any historical incident: the honest answer is the class prior.
      const probabilities = neighbours.length === 0 ? prior : linear(vector);
      // A query that is itself in history (exclude) must not count as its own duplicate.
      const key = duplicateKeys === undefined ? duplicateKeyOf(vector) : duplicateKey;
      const twins = exclude === undefined && key !== undefined ? duplicates.get(key) : undefined;
      const votes = neighbours.map((n) => ({ label: ids[n.index] as number, similarity: n.similarity }));
      const blended = blendLabelScores(probabilities, votes, twins, prior, settings);
      const ranked = names
        .map((label, c) => ({ label, probability: blended[c] as number }))
        .sort((a, b) => b.probability - a.probability || a.label.localeCompare(b.label));
      return { ranked, neighbours };
    },
  };
}

/** The blend's settings with their defaults applied. */
export type BlendSettings = Required<
  Pick<LabelModelOptions, 'neighbours' | 'similarityPower' | 'linearWeight' | 'duplicateWeight' | 'priorCorrection'>
>;

/** The blend settings of `options`, defaults filled in. */
export function blendSettingsOf(options: LabelModelOptions = {}): BlendSettings {
  const d = DEFAULT_LABEL_MODEL_OPTIONS;
  return {
    neighbours: options.neighbours ?? d.neighbours,
    similarityPower: options.similarityPower ?? d.similarityPower,
    linearWeight: options.linearWeight ?? d.linearWeight,
    duplicateWeight: options.duplicateWeight ?? d.duplicateWeight,
    priorCorrection: options.priorCorrection ?? d.priorCorrection,
  };
}

/**
 * The blend itself, pure so cross-validation can try settings without retraining: the
 * linear probabilities mixed with the neighbours' similarity^power vote shares (the
 * first `neighbours` of `votes`, best first), then with the label shares of the exact
 * duplicates, divided by prior^priorCorrection and renormalised. Class index order.
 */
export function blendLabelScores(
  linear: Float64Array,
  votes: ReadonlyArray<{ readonly label: number; readonly similarity: number }>,
  duplicates: Float64Array | undefined,
  prior: Float64Array,
  settings: BlendSettings,
): Float64Array {
  const shares = new Float64Array(linear.length);
  let total = 0;
  for (const v of votes.slice(0, settings.neighbours)) {
    const weight = v.similarity ** settings.similarityPower;
    shares[v.label] = (shares[v.label] as number) + weight;
    total += weight;
  }
  const twinTotal = duplicates === undefined ? 0 : duplicates.reduce((a, b) => a + b, 0);
  const blended = Float64Array.from(linear, (p, c) => {
    const vote = total > 0 ? (shares[c] as number) / total : p;
    const mixed = settings.linearWeight * p + (1 - settings.linearWeight) * vote;
    const withTwins =
      duplicates === undefined || twinTotal === 0
        ? mixed
        : (1 - settings.duplicateWeight) * mixed + (settings.duplicateWeight * (duplicates[c] as number)) / twinTotal;
    return withTwins / (prior[c] as number) ** settings.priorCorrection;
  });
  const sum = blended.reduce((a, b) => a + b, 0) || 1;
  for (let c = 0; c < blended.length; c += 1) blended[c] = (blended[c] as number) / sum;
  return blended;
}

/** Trains the chosen linear learner(s): a scorer giving class probabilities in class index order. */
export function trainLinearScorer(
  vectors: readonly SparseVector[],
  ids: readonly number[],
  classes: number,
  dimension: number,
  options: LabelModelOptions,
): (vector: SparseVector) => Float64Array {
  return fitLinearScorer(vectors, ids, classes, dimension, options).score;
}

function fitLinearScorer(
  vectors: readonly SparseVector[],
  ids: ArrayLike<number>,
  classes: number,
  dimension: number,
  options: LabelModelOptions,
): { score: (vector: SparseVector) => Float64Array; state: LinearScorerState } {
  const kind = options.linearModel ?? DEFAULT_LABEL_MODEL_OPTIONS.linearModel;
  const temperature = options.svmTemperature ?? DEFAULT_LABEL_MODEL_OPTIONS.svmTemperature;
  const labels = Array.from(ids);
  if (kind === 'one-vs-rest') {
    const oneVsRest = trainOneVsRestSvm(vectors, labels, classes, dimension, options);
    return {
      state: { kind, temperature, learners: [{ learner: 'one-vs-rest', dual: oneVsRest.dual }] },
      score: (vector) => marginsToProbabilities(oneVsRest.scores(vector), temperature),
    };
  }
  const softmax = kind === 'svm' ? undefined : trainSoftmaxRegression(vectors, labels, classes, dimension, options);
  const svm = kind === 'softmax' ? undefined : trainLinearSvm(vectors, labels, classes, dimension, options);
  const learners: LinearLearnerState[] = [];
  if (softmax !== undefined) learners.push({ learner: 'softmax', dense: softmax.state });
  if (svm !== undefined) learners.push({ learner: 'svm', dense: svm.state });
  const state: LinearScorerState = { kind, temperature, learners };
  return { state, score: linearScorerFromState(state, vectors, ids, dimension) };
}

/** The linear scorer of its plain data (a one-vs-rest SVM's weights are rebuilt from the training vectors). */
export function linearScorerFromState(
  state: LinearScorerState,
  vectors: readonly SparseVector[],
  ids: ArrayLike<number>,
  dimension: number,
): (vector: SparseVector) => Float64Array {
  const { temperature } = state;
  const scorers = state.learners.map((learner): ((vector: SparseVector) => Float64Array) => {
    if (learner.learner === 'one-vs-rest') {
      const svm = oneVsRestSvmFromDual(vectors, ids, dimension, learner.dual);
      return (vector) => marginsToProbabilities(svm.scores(vector), temperature);
    }
    if (learner.learner === 'softmax') return softmaxRegressionFromState(learner.dense).predict;
    const svm = linearSvmFromState(learner.dense);
    return (vector) => marginsToProbabilities(svm.scores(vector), temperature);
  });
  if (scorers.length === 1) return scorers[0] as (vector: SparseVector) => Float64Array;
  // Both: the mean of the softmax's probabilities and the SVM's.
  return (vector) => {
    const [first, second] = scorers.map((score) => score(vector)) as [Float64Array, Float64Array];
    return Float64Array.from(first, (p, c) => (p + (second[c] as number)) / 2);
  };
}

/** Class margins as probabilities: softmax(temperature × margin). */
export function marginsToProbabilities(scores: Float64Array, temperature: number): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) max = Math.max(max, s);
  const out = Float64Array.from(scores, (s) => Math.exp((s - max) * temperature));
  const total = out.reduce((a, b) => a + b, 0);
  for (let c = 0; c < out.length; c += 1) out[c] = (out[c] as number) / total;
  return out;
}

/** A key equal for identical vectors (exact duplicates: the same features with the same values). */
export function duplicateKeyOf(vector: SparseVector): string {
  let hash = 0x811c9dc5;
  let high = 0;
  for (let k = 0; k < vector.indices.length; k += 1) {
    const value = Math.round((vector.values[k] as number) * 1e9);
    for (const part of [vector.indices[k] as number, value]) {
      hash = Math.imul(hash ^ part, 0x01000193);
      high = Math.imul(high ^ (part >>> 7) ^ hash, 0x5bd1e995);
    }
  }
  return `${vector.indices.length}:${hash >>> 0}:${high >>> 0}`;
}
