import { describe, expect, it } from 'vitest';
import { blendLabelScores, blendSettingsOf } from '../../../lambdas/tag-classifier';

const settings = blendSettingsOf({ linearWeight: 0.5, duplicateWeight: 0.7, priorCorrection: 0, similarityPower: 1 });

describe('blendLabelScores', () => {
  it('mixes the linear probabilities with the neighbours’ similarity-weighted shares', () => {
    // Act
    const scores = blendLabelScores(
      Float64Array.from([0.8, 0.2]),
      [
        { label: 1, similarity: 0.9 },
        { label: 1, similarity: 0.3 },
      ],
      undefined,
      Float64Array.from([0.5, 0.5]),
      settings,
    );
    // Assert: 0.5 × 0.8 + 0.5 × 0 = 0.4 against 0.5 × 0.2 + 0.5 × 1 = 0.6
    expect(scores[0]).toBeCloseTo(0.4, 10);
    expect(scores[1]).toBeCloseTo(0.6, 10);
  });

  it('lets the label shares of exact duplicates outweigh the rest', () => {
    // Act
    const scores = blendLabelScores(
      Float64Array.from([0.9, 0.1]),
      [{ label: 0, similarity: 1 }],
      Float64Array.from([1, 3]),
      Float64Array.from([0.5, 0.5]),
      settings,
    );
    // Assert: 0.3 × 0.95 + 0.7 × 0.25 = 0.46 against 0.3 × 0.05 + 0.7 × 0.75 = 0.54
    expect(scores[1]).toBeCloseTo(0.54, 10);
    expect(scores[0]).toBeCloseTo(0.46, 10);
  });

  it('divides by the prior raised to the correction, so a frequent class needs more evidence', () => {
    // Arrange
    const corrected = { ...settings, priorCorrection: 1 };
    // Act
    const scores = blendLabelScores(
      Float64Array.from([0.6, 0.4]),
      [],
      undefined,
      Float64Array.from([0.8, 0.2]),
      corrected,
    );
    // Assert: 0.6 / 0.8 = 0.75 against 0.4 / 0.2 = 2, renormalised
    expect(scores[1]).toBeGreaterThan(scores[0] as number);
    expect((scores[0] as number) + (scores[1] as number)).toBeCloseTo(1, 10);
  });

  it('uses only the first `neighbours` votes', () => {
    // Act
    const scores = blendLabelScores(
      Float64Array.from([0.5, 0.5]),
      [
        { label: 0, similarity: 0.5 },
        { label: 1, similarity: 0.9 },
      ],
      undefined,
      Float64Array.from([0.5, 0.5]),
      { ...settings, neighbours: 1 },
    );
    // Assert
    expect(scores[0]).toBeCloseTo(0.75, 10);
  });
});
