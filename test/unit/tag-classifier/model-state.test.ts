import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type LabelledIncident,
  resolveTagClassifierOptions,
  tagClassifierFromState,
  trainTagClassifierWithState,
} from '../../../lambdas/tag-classifier';
import {
  decodeTagModel,
  encodeTagModel,
  TAG_MODEL_FORMAT_VERSION,
  tagModelFingerprint,
} from '../../../lambdas/tag-classifier/model-state';
import { ASSIGNMENT_TICKETS, readGroupTickets, splitTickets } from '../../eval/tag-classifier';

// Arrange helpers: a small labelled history with exact repeats and a field left empty on some.
const ticket = (text: string, group: string, category: string | null = null): LabelledIncident => ({
  shortDescription: text,
  description: `${text} since this morning`,
  category,
  subcategory: null,
  assignmentGroup: group,
});
const small: LabelledIncident[] = [
  ...['password expired', 'account locked', 'reset my password', 'contraseña caducada'].map((t) =>
    ticket(t, 'ACCESS', 'access'),
  ),
  ...['printer jammed', 'printer offline', 'toner empty', 'impresora sin tóner', 'printer jammed'].map((t) =>
    ticket(t, 'PRINT', 'hardware'),
  ),
  ...['vpn drops', 'network down', 'wifi not connecting', 'la red no funciona'].map((t) => ticket(t, 'NET')),
];
const queries = [
  { shortDescription: 'printer jammed', description: 'printer jammed since this morning' },
  { shortDescription: 'cannot connect to vpn' },
  { shortDescription: 'olvidé mi contraseña', description: 'no puedo entrar' },
  { shortDescription: 'zzz unrelated words' },
];
const roundTrip = (history: readonly LabelledIncident[], options = {}) => {
  const { classifier, state } = trainTagClassifierWithState(history, options);
  const bytes = encodeTagModel({ classifier: state, examples: { 'assignmentGroup\u0000NET': ['vpn drops'] } });
  const stored = decodeTagModel(bytes);
  return { classifier, bytes, stored, decoded: tagClassifierFromState(stored.classifier) };
};

describe('encodeTagModel / decodeTagModel', () => {
  it.each([
    ['one-vs-rest SVMs (the default)', {}],
    ['the softmax regression and the Crammer–Singer SVM together', { linearModel: 'both' as const }],
    ['other blend and feature options', { neighbours: 3, priorCorrection: 0, charGrams: null, maxTags: 2 }],
  ])('classifies exactly as the trained classifier with %s', (_name, options) => {
    // Act
    const { classifier, decoded } = roundTrip(small, options);
    // Assert
    for (const query of queries) expect(decoded.classify(query)).toEqual(classifier.classify(query));
    expect(decoded.historySize).toBe(small.length);
  });

  it('keeps the options it was trained with, defaults filled in, and the examples', () => {
    // Act
    const { stored } = roundTrip(small, { neighbours: 3 });
    // Assert
    expect(stored.classifier.options).toEqual(resolveTagClassifierOptions({ neighbours: 3 }));
    expect(stored.classifier.options.neighbours).toBe(3);
    expect(stored.classifier.options.linearModel).toBe('one-vs-rest');
    expect(stored.examples).toEqual({ 'assignmentGroup\u0000NET': ['vpn drops'] });
  });

  it('refuses bytes that are not a model, and a model of another format version', () => {
    // Arrange
    const { bytes } = roundTrip(small);
    const other = Buffer.from(bytes);
    other.writeUInt32LE(TAG_MODEL_FORMAT_VERSION + 1, 4);
    // Act / Assert
    expect(() => decodeTagModel(Buffer.from('not a model at all'))).toThrow(/does not start with "SYTC"/);
    expect(() => decodeTagModel(other)).toThrow(`format version ${TAG_MODEL_FORMAT_VERSION + 1}`);
  });

  it('gives the same fingerprint for the same options whatever their key order, another for other options', () => {
    // Act
    const a = tagModelFingerprint(resolveTagClassifierOptions({ neighbours: 3, maxTags: 2 }));
    const b = tagModelFingerprint(resolveTagClassifierOptions({ maxTags: 2, neighbours: 3 }));
    const c = tagModelFingerprint(resolveTagClassifierOptions({ neighbours: 4, maxTags: 2 }));
    // Assert
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});

// The real data set lives outside the repository; without it there is nothing to compare.
describe.skipIf(!existsSync(ASSIGNMENT_TICKETS))('a stored model of the assignment-group tickets', () => {
  it('classifies every test ticket of a seeded split with the same labels and confidences', () => {
    // Arrange
    const { train, test } = splitTickets(readGroupTickets(), 2);
    // Act
    const { classifier, decoded, bytes } = roundTrip(train.map((t) => ({ ...t, assignmentGroup: t.group })));
    // Assert
    expect(test.length).toBeGreaterThan(1500);
    const differing = test.filter(
      (t) => JSON.stringify(decoded.classify(t)) !== JSON.stringify(classifier.classify(t)),
    );
    expect(differing).toEqual([]);
    expect(bytes.length).toBeLessThan(8_000_000);
  }, 600_000);
});
