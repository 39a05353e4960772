import { seededRandom, shuffledIndices } from './random';
import { classWeights, type DenseLinearState, decayScale, linearScores } from './sparse-linear';
import type { SparseVector } from './tfidf';

/** Options of {@link trainSoftmaxRegression}. */
export interface SoftmaxRegressionOptions {
  /** Passes over the training set. @default 12 */
  readonly epochs?: number;
  /** Initial learning rate, decayed as 1 / (1 + epoch). @default 1 */
  readonly learningRate?: number;
  /** L2 penalty per example. @default 1e-6 */
  readonly l2?: number;
  /**
   * Class re-weighting exponent: an example of class c weighs (nLargest / nc)^balance,
   * so 0 is the plain likelihood and 1 fully balanced classes (better macro-F1).
   * @default 0.3
   */
  readonly balance?: number;
  /** Seed of the example order. @default 1 */
  readonly seed?: number;
}

/** A trained multinomial logistic regression over sparse vectors. */
export interface SoftmaxRegression {
  /** Class probabilities of a vector, in class index order. */
  predict(vector: SparseVector): Float64Array;
  /** Its weights as plain data (what a stored model keeps). */
  readonly state: DenseLinearState;
}

/**
 * Multinomial logistic regression trained by SGD with a lazily applied L2 penalty
 * (weights are stored scaled, so a step costs only the vector's non-zeros times the
 * classes). Deterministic for a given seed.
 */
export function trainSoftmaxRegression(
  vectors: readonly SparseVector[],
  labels: readonly number[],
  classes: number,
  dimension: number,
  options: SoftmaxRegressionOptions = {},
): SoftmaxRegression {
  const epochs = options.epochs ?? 12;
  const rate0 = options.learningRate ?? 1;
  const l2 = options.l2 ?? 1e-6;
  const balance = options.balance ?? 0.3;
  const weights = new Float64Array(dimension * classes);
  const bias = new Float64Array(classes);
  let scale = 1;
  const classWeight = classWeights(labels, classes, balance);
  const random = seededRandom(options.seed ?? 1);
  const logits = new Float64Array(classes);

  const scores = (vector: SparseVector, out: Float64Array) => {
    linearScores(vector, weights, bias, scale, out);
    softmaxInPlace(out);
  };

  for (let epoch = 0; epoch < epochs; epoch += 1) {
    const rate = rate0 / (1 + epoch);
    for (const i of shuffledIndices(vectors.length, random)) {
      const vector = vectors[i] as SparseVector;
      const label = labels[i] as number;
      scores(vector, logits);
      scale = decayScale(weights, scale, rate, l2);
      const step = rate * (classWeight[label] as number);
      for (let c = 0; c < classes; c += 1) {
        const gradient = (logits[c] as number) - (c === label ? 1 : 0);
        logits[c] = gradient * step;
        bias[c] = (bias[c] as number) - gradient * step * 0.1;
      }
      const { indices, values } = vector;
      for (let k = 0; k < indices.length; k += 1) {
        const base = (indices[k] as number) * classes;
        const x = (values[k] as number) / scale;
        for (let c = 0; c < classes; c += 1)
          weights[base + c] = (weights[base + c] as number) - (logits[c] as number) * x;
      }
    }
  }
  return softmaxRegressionFromState({ classes, weights, bias, scale });
}

/** A softmax regression from its stored weights. */
export function softmaxRegressionFromState(state: DenseLinearState): SoftmaxRegression {
  return {
    state,
    predict(vector) {
      const out = new Float64Array(state.classes);
      linearScores(vector, state.weights, state.bias, state.scale, out);
      softmaxInPlace(out);
      return out;
    },
  };
}

function softmaxInPlace(values: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) max = Math.max(max, v);
  let total = 0;
  for (let c = 0; c < values.length; c += 1) {
    const e = Math.exp((values[c] as number) - max);
    values[c] = e;
    total += e;
  }
  for (let c = 0; c < values.length; c += 1) values[c] = (values[c] as number) / total;
}
