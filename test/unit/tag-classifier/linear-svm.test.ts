import { describe, expect, it } from 'vitest';
import { type SparseVector, trainLinearSvm } from '../../../lambdas/tag-classifier';

// Arrange helpers: one-hot-ish unit vectors over a few features.
const vector = (entries: Array<[number, number]>): SparseVector => {
  const norm = Math.sqrt(entries.reduce((s, [, v]) => s + v * v, 0));
  return { indices: Int32Array.from(entries, ([i]) => i), values: Float64Array.from(entries, ([, v]) => v / norm) };
};
const examples: Array<[SparseVector, number]> = [
  [vector([[0, 1]]), 0],
  [
    vector([
      [0, 1],
      [3, 0.2],
    ]),
    0,
  ],
  [vector([[1, 1]]), 1],
  [
    vector([
      [1, 1],
      [3, 0.2],
    ]),
    1,
  ],
  [vector([[2, 1]]), 2],
  [
    vector([
      [2, 1],
      [3, 0.2],
    ]),
    2,
  ],
];

describe('trainLinearSvm', () => {
  it('scores the true class highest on separable examples', () => {
    // Arrange
    const svm = trainLinearSvm(
      examples.map(([v]) => v),
      examples.map(([, label]) => label),
      3,
      4,
    );
    // Act
    const winners = examples.map(([v]) => {
      const scores = svm.scores(v);
      return scores.indexOf(Math.max(...scores));
    });
    // Assert
    expect(winners).toEqual(examples.map(([, label]) => label));
  });

  it('is deterministic for a seed and depends on it', () => {
    // Arrange
    const train = (seed: number) =>
      trainLinearSvm(
        examples.map(([v]) => v),
        examples.map(([, label]) => label),
        3,
        4,
        { seed, epochs: 3 },
      );
    const query = vector([[3, 1]]);
    // Act
    const [first, again, other] = [train(1), train(1), train(2)].map((m) => [...m.scores(query)]);
    // Assert
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });
});
