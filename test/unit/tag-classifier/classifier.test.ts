import { describe, expect, it } from 'vitest';
import {
  fitTfidf,
  fitTfidfWithVectors,
  type LabelledIncident,
  trainTagClassifier,
} from '../../../lambdas/tag-classifier';

// Arrange helpers: a small bilingual history with three groups.
const incident = (overrides: Partial<LabelledIncident> = {}): LabelledIncident => ({
  shortDescription: 'password expired',
  description: 'user cannot log in, password expired, please reset',
  category: 'access',
  subcategory: 'password',
  assignmentGroup: 'ACCESS',
  ...overrides,
});

const history: LabelledIncident[] = [
  incident(),
  incident({ shortDescription: 'account locked', description: 'account locked after wrong password attempts' }),
  incident({ shortDescription: 'reset password', description: 'forgot my password, need a reset' }),
  incident({
    shortDescription: 'contraseña caducada',
    description: 'no puedo iniciar sesión, la contraseña ha caducado',
  }),
  ...['printer jammed', 'printer offline on floor 2', 'toner empty in printer', 'impresora sin tóner'].map((text) =>
    incident({
      shortDescription: text,
      description: text,
      category: 'hardware',
      subcategory: 'printer',
      assignmentGroup: 'PRINT',
    }),
  ),
  ...['vpn connection drops', 'network down in office', 'wifi not connecting', 'la red no funciona en la oficina'].map(
    (text) =>
      incident({
        shortDescription: text,
        description: text,
        category: 'network',
        subcategory: 'connectivity',
        assignmentGroup: 'NET',
      }),
  ),
];

describe('trainTagClassifier', () => {
  it('assigns the group, category and subcategory of the most similar history', () => {
    // Arrange
    const classifier = trainTagClassifier(history);
    // Act
    const out = classifier.classify({
      shortDescription: 'printer offline',
      description: 'the printer is offline again',
    });
    // Assert
    expect(out.assignmentGroup?.value).toBe('PRINT');
    expect(out.category?.value).toBe('hardware');
    expect(out.subcategory?.value).toBe('printer');
    expect(out.assignmentGroup?.alternatives.map((a) => a.value)).not.toContain('PRINT');
    expect(out.historySize).toBe(history.length);
    expect(out.basis).toBe('history');
  });

  it('tags a Spanish ticket from history written mostly in English (bilingual concepts)', () => {
    // Arrange
    const classifier = trainTagClassifier(history);
    // Act
    const out = classifier.classify({
      shortDescription: 'clave bloqueada',
      description: 'usuario con la clave bloqueada',
    });
    // Assert
    expect(out.assignmentGroup?.value).toBe('ACCESS');
    expect(out.tags.map((t) => t.tag)).toContain('password');
  });

  it('returns confidences between 0 and 1 that sum to at most 1 per field', () => {
    // Arrange
    const classifier = trainTagClassifier(history);
    // Act
    const out = classifier.classify({ shortDescription: 'vpn drops', description: 'the vpn connection drops' });
    // Assert
    const group = out.assignmentGroup;
    const total = (group?.confidence ?? 0) + (group?.alternatives ?? []).reduce((s, a) => s + a.confidence, 0);
    expect(group?.value).toBe('NET');
    expect(total).toBeLessThanOrEqual(1.0001);
    for (const tag of out.tags) expect(tag.confidence).toBeGreaterThan(0);
  });

  it('marks a text unlike any history as uncertain, so the solver can ask the model', () => {
    // Arrange
    const classifier = trainTagClassifier(history);
    // Act
    const out = classifier.classify({ shortDescription: 'zzqx qqjv' });
    // Assert
    expect(out.confident).toBe(false);
    expect(out.uncertainFields).toContain('assignmentGroup');
    expect(out.assignmentGroup?.confidence ?? 1).toBeLessThan(out.threshold);
  });

  it('is deterministic: the same history gives the same answer', () => {
    // Arrange
    const text = { shortDescription: 'wifi down', description: 'no network in the office' };
    // Act
    const first = trainTagClassifier(history).classify(text);
    const second = trainTagClassifier(history).classify(text);
    // Assert
    expect(second).toEqual(first);
  });

  it('routes an exact repeat of a historical ticket (spacing included) as it was routed before', () => {
    // Arrange: the two texts differ only in the gap left where an identifier was removed,
    // so their tf-idf vectors are identical; only the exact text tells them apart.
    const repeats = (shortDescription: string, group: string) =>
      Array.from({ length: 3 }, () =>
        incident({ shortDescription, description: shortDescription, assignmentGroup: group }),
      );
    const jobs = [
      ...history,
      ...repeats('job job   fail in job scheduler', 'NET'),
      ...repeats('job job  fail in job scheduler', 'PRINT'),
    ];
    const classifier = trainTagClassifier(jobs);
    // Act
    const wide = classifier.classify({
      shortDescription: 'job job   fail in job scheduler',
      description: 'job job   fail in job scheduler',
    });
    const narrow = classifier.classify({
      shortDescription: 'job job  fail in job scheduler',
      description: 'job job  fail in job scheduler',
    });
    // Assert
    expect(wide.assignmentGroup?.value).toBe('NET');
    expect(narrow.assignmentGroup?.value).toBe('PRINT');
  });

  it('returns null for a field the history never labels', () => {
    // Arrange
    const classifier = trainTagClassifier(history.map((h) => ({ ...h, subcategory: null })));
    // Act
    const out = classifier.classify({ shortDescription: 'printer jammed' });
    // Assert
    expect(out.subcategory).toBeNull();
    expect(out.uncertainFields).not.toContain('subcategory');
  });

  it('takes free tags from the neighbours themselves when the first field is unlabelled on part of the history', () => {
    // Arrange: the password tickets have no category, so the category model's rows start at the printers.
    const partly = history.map((h) => (h.assignmentGroup === 'ACCESS' ? { ...h, category: null } : h));
    const classifier = trainTagClassifier(partly);
    // Act
    const out = classifier.classify({ shortDescription: 'toner empty', description: 'toner empty again' });
    // Assert
    expect(out.assignmentGroup?.value).toBe('PRINT');
    expect(out.tags.map((t) => t.tag)).not.toContain('password');
  });
});

describe('fitTfidfWithVectors', () => {
  it('returns the same training vectors as transforming each text with the fitted vectoriser', () => {
    // Arrange
    const texts = history.map((h) => ({ shortDescription: h.shortDescription, description: h.description ?? '' }));
    // Act
    const { vectorizer, vectors } = fitTfidfWithVectors(texts, { familyWeights: { w: 1, c: 0.5 } });
    // Assert
    expect(vectors).toEqual(texts.map((text) => vectorizer.transform(text)));
    expect(vectorizer.dimension).toBe(fitTfidf(texts, { familyWeights: { w: 1, c: 0.5 } }).dimension);
  });
});

describe('fitTfidf', () => {
  it('returns unit vectors and drops terms not seen in the training texts', () => {
    // Arrange
    const vectorizer = fitTfidf(
      history.map((h) => ({ shortDescription: h.shortDescription, description: h.description ?? '' })),
      { minDocumentFrequency: 1 },
    );
    // Act
    const known = vectorizer.transform({ shortDescription: 'printer offline' });
    const unknown = vectorizer.transform({ shortDescription: 'qqqq' });
    // Assert
    const norm = Math.sqrt([...known.values].reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 6);
    expect(unknown.indices.length).toBe(0);
    expect([...known.indices].map((i) => vectorizer.termOf(i))).toContain('w:printer');
  });
});
