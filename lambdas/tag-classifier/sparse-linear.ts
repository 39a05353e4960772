import type { SparseVector } from './tfidf';

/**
 * What the two linear models (softmax regression, linear SVM) share: weights stored
 * class-minor (`weights[feature * classes + class]`) and scaled by a lazily applied L2
 * factor, so a training step costs the vector's non-zeros times the classes.
 */

/** Per-class example weights (nLargest / nc)^balance: 0 leaves classes as they are, 1 fully balances them. */
export function classWeights(labels: readonly number[], classes: number, balance: number): Float64Array {
  const counts = new Float64Array(classes);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  const largest = Math.max(...counts);
  return Float64Array.from(counts, (n) => (n === 0 ? 0 : (largest / n) ** balance));
}

/** Writes bias + (weights × scale) · vector into `out`, one score per class. */
export function linearScores(
  vector: SparseVector,
  weights: Float64Array,
  bias: Float64Array,
  scale: number,
  out: Float64Array,
): void {
  const classes = out.length;
  out.set(bias);
  const { indices, values } = vector;
  for (let k = 0; k < indices.length; k += 1) {
    const base = (indices[k] as number) * classes;
    const x = (values[k] as number) * scale;
    for (let c = 0; c < classes; c += 1) out[c] = (out[c] as number) + (weights[base + c] as number) * x;
  }
}

/**
 * Applies one step's L2 decay to the weights' scale and returns the new scale; when it
 * gets tiny the weights absorb it (so they keep their precision) and it resets to 1.
 */
export function decayScale(weights: Float64Array, scale: number, rate: number, l2: number): number {
  const next = scale * (1 - rate * l2);
  if (next >= 1e-9) return next;
  for (let j = 0; j < weights.length; j += 1) weights[j] = (weights[j] as number) * next;
  return 1;
}

/** A dense linear model as plain data: scores = bias + (weights × scale) · vector. */
export interface DenseLinearState {
  readonly classes: number;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  readonly scale: number;
}
