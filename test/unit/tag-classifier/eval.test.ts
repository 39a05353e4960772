import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASSIGNMENT_TICKETS, evaluateTagClassifier, readGroupTickets } from '../../eval/tag-classifier';

// The real data set lives outside the repository; without it there is nothing to measure.
describe.skipIf(!existsSync(ASSIGNMENT_TICKETS))('Tag Classifier on the assignment-group tickets', () => {
  it('beats the majority class and the word tf-idf kNN reference on a seeded split', { timeout: 600_000 }, async () => {
    // Arrange
    const tickets = readGroupTickets();
    // Act
    const { tagClassifier, similarity } = await evaluateTagClassifier(tickets, 3);
    // Assert
    expect(tagClassifier.accuracy).toBeGreaterThan(tagClassifier.majority.accuracy);
    expect(tagClassifier.macroF1).toBeGreaterThan(tagClassifier.majority.macroF1);
    expect(tagClassifier.accuracy).toBeGreaterThan(tagClassifier.tfidfKnn.accuracy);
    expect(tagClassifier.confident.accuracy).toBeGreaterThan(tagClassifier.accuracy);
    expect(similarity.precisionAt5).toBeGreaterThan(0);
  });
});
