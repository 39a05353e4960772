import { seededRandom, shuffledIndices } from './random';
import { classWeights, linearScores } from './sparse-linear';
import type { SparseVector } from './tfidf';

/** Options of {@link trainOneVsRestSvm}. */
export interface OneVsRestSvmOptions {
  /** Cost of a margin violation (higher: less regularisation). @default 1 */
  readonly cost?: number;
  /**
   * Class re-weighting exponent of the positive examples' cost: (nLargest / nc)^balance,
   * so a small class's few tickets weigh more in its own binary problem. @default 0.3
   */
  readonly balance?: number;
  /** Most passes of coordinate descent over the examples (it stops earlier once converged). @default 10 */
  readonly maxPasses?: number;
  /** Stopping tolerance on the projected gradient's spread, as LIBLINEAR's `eps`. @default 0.1 */
  readonly tolerance?: number;
  /** Seed of the example order. @default 1 */
  readonly seed?: number;
}

/** A trained one-vs-rest linear SVM: one decision value per class (higher is better). */
export interface OneVsRestSvm {
  /** Class decision values of a vector, in class index order. */
  scores(vector: SparseVector): Float64Array;
  /** Passes over the examples training took. */
  readonly passes: number;
  /** The dual solution, which (with the training vectors) is the whole model. */
  readonly dual: OneVsRestDual;
}

/**
 * The non-zero dual variables of a one-vs-rest SVM, ascending by example then class:
 * `at[j] = example × classes + class`. Far smaller than the weights (features × classes),
 * which w = Σ αᵢ yᵢ xᵢ rebuilds from the training vectors.
 */
export interface OneVsRestDual {
  readonly classes: number;
  readonly at: Int32Array;
  readonly alpha: Float64Array;
}

/**
 * One-vs-rest linear SVMs with the squared hinge loss and L2 regularisation, each binary
 * problem solved in its dual by coordinate descent (the LIBLINEAR algorithm of Hsieh et
 * al. 2008, as scikit-learn's LinearSVC, with a bias learnt like LIBLINEAR's `-B 1`): no
 * learning rate to tune. The binary problems are independent; they are solved side by
 * side, so one sweep over an example's features gives its margin in every class and one
 * more updates only the classes whose dual variable moved. Stops after `maxPasses` or
 * once every class's projected-gradient spread is within `tolerance`. Deterministic for a
 * given seed.
 */
export function trainOneVsRestSvm(
  vectors: readonly SparseVector[],
  labels: readonly number[],
  classes: number,
  dimension: number,
  options: OneVsRestSvmOptions = {},
): OneVsRestSvm {
  const cost = options.cost ?? 1;
  const maxPasses = Math.max(1, options.maxPasses ?? 10);
  const tolerance = options.tolerance ?? 0.1;
  const weightOf = classWeights(labels, classes, options.balance ?? 0.3);
  const n = vectors.length;
  // Class-minor (weights[feature * classes + class]): one contiguous run per feature.
  const weights = new Float64Array(dimension * classes);
  const bias = new Float64Array(classes);
  const alpha = new Float64Array(n * classes);
  // The squared hinge adds 1 / (2 C_i) to the dual's diagonal; a positive's cost is re-weighted.
  const positiveDiagonal = Float64Array.from(weightOf, (w) => 1 / (2 * cost * w));
  const negativeDiagonal = 1 / (2 * cost);
  // ||x||² + 1: the bias is a constant feature of 1.
  const squaredNorms = Float64Array.from(vectors, (v) => v.values.reduce((sum, x) => sum + x * x, 0) + 1);
  const random = seededRandom(options.seed ?? 1);
  const margins = new Float64Array(classes);
  const steps = new Float64Array(classes);
  const moved = new Int32Array(classes);
  const largest = new Float64Array(classes);
  const smallest = new Float64Array(classes);
  let pass = 0;
  while (pass < maxPasses) {
    pass += 1;
    largest.fill(Number.NEGATIVE_INFINITY);
    smallest.fill(Number.POSITIVE_INFINITY);
    for (const i of shuffledIndices(n, random)) {
      const vector = vectors[i] as SparseVector;
      const label = labels[i] as number;
      linearScores(vector, weights, bias, 1, margins);
      const row = i * classes;
      let count = 0;
      for (let c = 0; c < classes; c += 1) {
        const y = c === label ? 1 : -1;
        const extra = c === label ? (positiveDiagonal[c] as number) : negativeDiagonal;
        const a = alpha[row + c] as number;
        const gradient = y * (margins[c] as number) - 1 + a * extra;
        const projected = a === 0 && gradient > 0 ? 0 : gradient;
        if (projected > (largest[c] as number)) largest[c] = projected;
        if (projected < (smallest[c] as number)) smallest[c] = projected;
        if (Math.abs(projected) <= 1e-12) continue;
        const next = Math.max(a - gradient / ((squaredNorms[i] as number) + extra), 0);
        alpha[row + c] = next;
        const step = (next - a) * y;
        if (step === 0) continue;
        bias[c] = (bias[c] as number) + step;
        steps[count] = step;
        moved[count] = c;
        count += 1;
      }
      if (count === 0) continue;
      const { indices, values } = vector;
      for (let k = 0; k < indices.length; k += 1) {
        const base = (indices[k] as number) * classes;
        const x = values[k] as number;
        for (let m = 0; m < count; m += 1) {
          const at = base + (moved[m] as number);
          weights[at] = (weights[at] as number) + (steps[m] as number) * x;
        }
      }
    }
    let converged = true;
    for (let c = 0; c < classes; c += 1)
      if ((largest[c] as number) - (smallest[c] as number) > tolerance) converged = false;
    if (converged) break;
  }
  let nonZero = 0;
  for (let j = 0; j < alpha.length; j += 1) if (alpha[j] !== 0) nonZero += 1;
  const dual: OneVsRestDual = { classes, at: new Int32Array(nonZero), alpha: new Float64Array(nonZero) };
  for (let j = 0, m = 0; j < alpha.length; j += 1)
    if (alpha[j] !== 0) {
      dual.at[m] = j;
      dual.alpha[m] = alpha[j] as number;
      m += 1;
    }
  // The weights are rebuilt from the dual even here, so a stored model scores bit for bit
  // as the trained one (the running sums above differ from the rebuilt ones in the last bits).
  return { ...oneVsRestSvmFromDual(vectors, labels, dimension, dual), passes: pass };
}

/**
 * A one-vs-rest SVM from its dual solution and training examples: w_c = Σᵢ αᵢc yᵢc xᵢ and
 * b_c = Σᵢ αᵢc yᵢc (the bias is a constant feature of 1), summed in the dual's order.
 */
export function oneVsRestSvmFromDual(
  vectors: readonly SparseVector[],
  labels: ArrayLike<number>,
  dimension: number,
  dual: OneVsRestDual,
): Omit<OneVsRestSvm, 'passes'> {
  const { classes, at, alpha } = dual;
  const weights = new Float64Array(dimension * classes);
  const bias = new Float64Array(classes);
  for (let j = 0; j < at.length; j += 1) {
    const i = Math.floor((at[j] as number) / classes);
    const c = (at[j] as number) - i * classes;
    const step = (alpha[j] as number) * (c === labels[i] ? 1 : -1);
    bias[c] = (bias[c] as number) + step;
    const { indices, values } = vectors[i] as SparseVector;
    for (let k = 0; k < indices.length; k += 1) {
      const w = (indices[k] as number) * classes + c;
      weights[w] = (weights[w] as number) + step * (values[k] as number);
    }
  }
  return {
    dual,
    scores(vector) {
      const out = new Float64Array(classes);
      linearScores(vector, weights, bias, 1, out);
      return out;
    },
  };
}
