import { describe, expect, it } from 'vitest';
import { type SparseVector, trainOneVsRestSvm } from '../../../lambdas/tag-classifier';
import { threeSeparableClasses, unitVector } from '../../fixtures/tag-classifier/separable';

// Arrange: three separable classes; feature 3 is shared noise.
const { vectors, labels } = threeSeparableClasses(0.4);
const winnerOf = (scores: Float64Array) => scores.indexOf(Math.max(...scores));

describe('trainOneVsRestSvm', () => {
  it('scores the true class highest on separable examples', () => {
    // Act
    const svm = trainOneVsRestSvm(vectors, labels, 3, 4);
    // Assert
    expect(vectors.map((v) => winnerOf(svm.scores(v)))).toEqual(labels);
  });

  it('puts a class’s own examples on the positive side of its margin and the others on the negative', () => {
    // Arrange
    const svm = trainOneVsRestSvm(vectors, labels, 3, 4, { cost: 100 });
    // Act
    const scores = vectors.map((v) => [...svm.scores(v)]);
    // Assert: converged hinge solution with little regularisation: margins near ±1 or beyond
    scores.forEach((row, i) => {
      row.forEach((score, c) => {
        if (c === labels[i]) expect(score).toBeGreaterThan(0.8);
        else expect(score).toBeLessThan(-0.8);
      });
    });
  });

  it('shrinks the margins when the cost is low (more regularisation)', () => {
    // Arrange
    const strong = trainOneVsRestSvm(vectors, labels, 3, 4, { cost: 100 });
    const weak = trainOneVsRestSvm(vectors, labels, 3, 4, { cost: 0.01 });
    const query = vectors[0] as SparseVector;
    // Act
    const [strongScore, weakScore] = [strong, weak].map((m) => m.scores(query)[0] as number);
    // Assert
    expect(weakScore as number).toBeLessThan(strongScore as number);
  });

  it('weighs a small class’s positives up with balance, raising its score on a shared feature', () => {
    // Arrange: class 1 has one example against three of class 0, both use feature 3
    const skewed = [
      unitVector([[0, 1]]),
      unitVector([[0, 1]]),
      unitVector([[0, 1]]),
      unitVector([[3, 1]]),
      unitVector([[1, 1]]),
    ];
    const skewedLabels = [0, 0, 0, 0, 1];
    const query = unitVector([[3, 1]]);
    // Act
    const [plain, balanced] = [0, 1].map(
      (balance) => trainOneVsRestSvm(skewed, skewedLabels, 2, 4, { balance, cost: 0.5 }).scores(query)[1] as number,
    );
    // Assert
    expect(balanced as number).toBeGreaterThan(plain as number);
  });

  it('is deterministic for a seed', () => {
    // Arrange
    const query = unitVector([[3, 1]]);
    // Act
    const [first, again] = [1, 1].map((seed) => [...trainOneVsRestSvm(vectors, labels, 3, 4, { seed }).scores(query)]);
    // Assert
    expect(again).toEqual(first);
  });

  it('learns a bias: a vector with no known feature scores the majority class highest', () => {
    // Arrange
    const svm = trainOneVsRestSvm([...vectors, unitVector([[0, 1]])], [...labels, 0], 3, 4, { cost: 10 });
    // Act
    const scores = svm.scores({ indices: new Int32Array(0), values: new Float64Array(0) });
    // Assert
    expect(winnerOf(scores)).toBe(0);
  });
});
