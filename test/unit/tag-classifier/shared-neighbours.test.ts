import { describe, expect, it } from 'vitest';
import {
  buildNeighbourIndex,
  duplicateTextOf,
  fitTfidfWithVectors,
  type LabelledIncident,
  resolveTagClassifierOptions,
  type SparseVector,
  TAG_FIELDS,
  trainLabelModel,
  trainTagClassifier,
} from '../../../lambdas/tag-classifier';

// Arrange helpers: unit vectors over a few features; a small history labelled in all three fields.
const vector = (entries: Array<[number, number]>): SparseVector => {
  const norm = Math.hypot(...entries.map(([, v]) => v));
  return { indices: Int32Array.from(entries, ([i]) => i), values: Float64Array.from(entries, ([, v]) => v / norm) };
};
const stored = [
  vector([[0, 1]]),
  vector([
    [0, 1],
    [1, 1],
  ]),
  vector([[1, 1]]),
  vector([
    [2, 1],
    [3, 1],
  ]),
];
const labelled = (text: string, group: string, category: string, subcategory: string): LabelledIncident => ({
  shortDescription: text,
  description: `${text} since this morning`,
  category,
  subcategory,
  assignmentGroup: group,
});
const history: LabelledIncident[] = [
  labelled('password expired', 'ACCESS', 'access', 'password'),
  labelled('account locked', 'ACCESS', 'access', 'account'),
  labelled('reset my password', 'SERVICE DESK', 'access', 'password'),
  labelled('printer jammed', 'PRINT', 'hardware', 'printer'),
  labelled('toner empty', 'PRINT', 'hardware', 'printer'),
  labelled('laptop screen broken', 'DESKTOP', 'hardware', 'laptop'),
  labelled('vpn drops', 'NET', 'network', 'vpn'),
  labelled('wifi not connecting', 'NET', 'network', 'wifi'),
];

describe('a neighbour index shared by several label models', () => {
  it('answers a repeated query from its last answer and any other query afresh', () => {
    // Arrange
    const index = buildNeighbourIndex(stored, 4);
    const a = vector([[0, 1]]);
    const b = vector([
      [1, 1],
      [2, 1],
    ]);
    // Act
    const first = index.nearest(a, 3);
    const again = index.nearest(a, 3);
    const other = index.nearest(b, 3);
    const equalContent = index.nearest(vector([[0, 1]]), 3);
    const fewer = index.nearest(a, 1);
    const excluding = index.nearest(a, 3, 0);
    // Assert
    expect(again).toBe(first);
    expect(other.map((n) => n.index)).toEqual([2, 1, 3]);
    expect(equalContent).toEqual(first);
    expect(fewer).toEqual(first.slice(0, 1));
    expect(excluding.map((n) => n.index)).toEqual([1]);
  });

  it('classifies every field as a label model trained alone on it, with its own index', () => {
    // Arrange
    const classifier = trainTagClassifier(history);
    const options = resolveTagClassifierOptions();
    const { vectorizer, vectors } = fitTfidfWithVectors(history, options);
    const keys = history.map((h) =>
      duplicateTextOf({ shortDescription: h.shortDescription, description: h.description ?? '' }),
    );
    const queries = [
      { shortDescription: 'printer out of toner' },
      { shortDescription: 'password expired again', description: 'cannot log in' },
      { shortDescription: 'vpn drops', description: 'vpn drops since this morning' },
    ];
    for (const field of TAG_FIELDS) {
      const alone = trainLabelModel(
        vectors,
        history.map((h) => h[field] as string),
        vectorizer.dimension,
        options,
        keys,
      );
      for (const query of queries) {
        // Act
        const shared = classifier.classify(query)[field];
        const own = alone.predict(
          vectorizer.transform(query),
          undefined,
          duplicateTextOf({ description: '', ...query }),
        );
        // Assert
        expect(shared?.value).toBe(own.ranked[0]?.label);
        expect(shared?.confidence).toBe(Number((own.ranked[0]?.probability ?? 0).toFixed(4)));
      }
    }
  });
});
