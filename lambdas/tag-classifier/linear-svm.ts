import { seededRandom, shuffledIndices } from './random';
import { classWeights, type DenseLinearState, decayScale, linearScores } from './sparse-linear';
import type { SparseVector } from './tfidf';

/** Options of {@link trainLinearSvm}. */
export interface LinearSvmOptions {
  /**
   * Passes over the training set. 6 scored as well as 12 by 4-fold CV inside the training
   * parts of seeds 1–3 (accuracy 0.682 / 0.683, macro-F1 0.385 / 0.381) in half the time.
   * @default 6
   */
  readonly epochs?: number;
  /** Initial learning rate, decayed as 1 / (1 + epoch). @default 0.5 */
  readonly learningRate?: number;
  /** L2 penalty per example. @default 1e-6 */
  readonly l2?: number;
  /** Class re-weighting exponent, as in the softmax regression: (nLargest / nc)^balance. @default 0.3 */
  readonly balance?: number;
  /** Seed of the example order. @default 1 */
  readonly seed?: number;
}

/** A trained multiclass linear SVM: one score per class (higher is better). */
export interface LinearSvm {
  /** Class scores of a vector, in class index order (margins, not probabilities). */
  scores(vector: SparseVector): Float64Array;
  /** Its weights as plain data (what a stored model keeps). */
  readonly state: DenseLinearState;
}

/**
 * Multiclass linear SVM (Crammer–Singer hinge: the true class must beat the best other
 * class by a margin of 1) trained by SGD with a lazily applied L2 penalty. The returned
 * weights are the average of the weights at the end of each epoch of the second half
 * (averaged SGD), which is steadier than the last iterate. Deterministic for a given seed.
 */
export function trainLinearSvm(
  vectors: readonly SparseVector[],
  labels: readonly number[],
  classes: number,
  dimension: number,
  options: LinearSvmOptions = {},
): LinearSvm {
  const epochs = Math.max(1, options.epochs ?? 6);
  const rate0 = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-6;
  const balance = options.balance ?? 0.3;
  const weights = new Float64Array(dimension * classes);
  const bias = new Float64Array(classes);
  const averageWeights = new Float64Array(dimension * classes);
  const averageBias = new Float64Array(classes);
  let averaged = 0;
  let scale = 1;
  const classWeight = classWeights(labels, classes, balance);
  const random = seededRandom(options.seed ?? 1);
  const margins = new Float64Array(classes);

  for (let epoch = 0; epoch < epochs; epoch += 1) {
    const rate = rate0 / (1 + epoch);
    for (const i of shuffledIndices(vectors.length, random)) {
      const vector = vectors[i] as SparseVector;
      const label = labels[i] as number;
      linearScores(vector, weights, bias, scale, margins);
      scale = decayScale(weights, scale, rate, l2);
      let rival = -1;
      for (let c = 0; c < classes; c += 1)
        if (c !== label && (rival < 0 || (margins[c] as number) > (margins[rival] as number))) rival = c;
      if (rival < 0 || (margins[label] as number) - (margins[rival] as number) >= 1) continue;
      const step = rate * (classWeight[label] as number);
      bias[label] = (bias[label] as number) + step * 0.1;
      bias[rival] = (bias[rival] as number) - step * 0.1;
      const { indices, values } = vector;
      for (let k = 0; k < indices.length; k += 1) {
        const base = (indices[k] as number) * classes;
        const x = ((values[k] as number) * step) / scale;
        weights[base + label] = (weights[base + label] as number) + x;
        weights[base + rival] = (weights[base + rival] as number) - x;
      }
    }
    if (epoch >= Math.floor(epochs / 2)) {
      for (let j = 0; j < weights.length; j += 1)
        averageWeights[j] = (averageWeights[j] as number) + (weights[j] as number) * scale;
      for (let c = 0; c < classes; c += 1) averageBias[c] = (averageBias[c] as number) + (bias[c] as number);
      averaged += 1;
    }
  }
  for (let j = 0; j < averageWeights.length; j += 1) averageWeights[j] = (averageWeights[j] as number) / averaged;
  for (let c = 0; c < classes; c += 1) averageBias[c] = (averageBias[c] as number) / averaged;
  return linearSvmFromState({ classes, weights: averageWeights, bias: averageBias, scale: 1 });
}

/** A linear SVM from its stored weights. */
export function linearSvmFromState(state: DenseLinearState): LinearSvm {
  return {
    state,
    scores(vector) {
      const out = new Float64Array(state.classes);
      linearScores(vector, state.weights, state.bias, state.scale, out);
      return out;
    },
  };
}
