import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ASSIGNMENT_TICKETS,
  evaluateAssignment,
  readGroupTickets,
  splitTickets,
  type TagClassifierEvaluation,
} from '../../eval/tag-classifier';

// The real data set lives outside the repository; without it there is nothing to measure.
// One seeded split (seed 1, the one the classifier used to miss most) and one fit shared by
// the checks; the similarity figures and the other seeds are left to npm run eval.
describe.skipIf(!existsSync(ASSIGNMENT_TICKETS))('Tag Classifier on the assignment-group tickets', () => {
  let result: TagClassifierEvaluation['tagClassifier'];

  beforeAll(() => {
    const { train, test } = splitTickets(readGroupTickets(), 1);
    result = evaluateAssignment(train, test, 1);
  }, 600_000);

  it('reaches the issue target on a seeded split (accuracy ≥ 0.68, macro-F1 ≥ 0.40)', () => {
    // Assert
    expect(result.test).toBeGreaterThan(1500);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.68);
    expect(result.macroF1).toBeGreaterThanOrEqual(0.4);
  });

  it('beats the majority class and the word tf-idf kNN reference on the same split', () => {
    // Assert
    expect(result.accuracy).toBeGreaterThan(result.majority.accuracy);
    expect(result.macroF1).toBeGreaterThan(result.majority.macroF1);
    expect(result.accuracy).toBeGreaterThan(result.tfidfKnn.accuracy);
    expect(result.macroF1).toBeGreaterThan(result.tfidfKnn.macroF1);
  });

  it('is more accurate on the predictions it is confident about', () => {
    // Assert
    expect(result.confident.coverage).toBeGreaterThan(0);
    expect(result.confident.accuracy).toBeGreaterThan(result.accuracy);
  });
});
