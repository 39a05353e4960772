import { describe, expect, it } from 'vitest';
import { trainLinearSvm } from '../../../lambdas/tag-classifier';
import { threeSeparableClasses, unitVector } from '../../fixtures/tag-classifier/separable';

// Arrange: three separable classes; feature 3 is shared noise.
const { vectors, labels } = threeSeparableClasses(0.2);

describe('trainLinearSvm', () => {
  it('scores the true class highest on separable examples', () => {
    // Arrange
    const svm = trainLinearSvm(vectors, labels, 3, 4);
    // Act
    const winners = vectors.map((v) => {
      const scores = svm.scores(v);
      return scores.indexOf(Math.max(...scores));
    });
    // Assert
    expect(winners).toEqual(labels);
  });

  it('is deterministic for a seed and depends on it', () => {
    // Arrange
    const train = (seed: number) => trainLinearSvm(vectors, labels, 3, 4, { seed, epochs: 3 });
    const query = unitVector([[3, 1]]);
    // Act
    const [first, again, other] = [train(1), train(1), train(2)].map((m) => [...m.scores(query)]);
    // Assert
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });
});
