import { extractTicketFeatures, type TextFeatureOptions, type TicketText } from './text-features';

/** A sparse vector: ascending feature indices and their values. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** Options of {@link fitTfidf}. */
export interface TfidfOptions extends TextFeatureOptions {
  /** A term must occur in at least this many training texts to be kept. @default 2 */
  readonly minDocumentFrequency?: number;
  /**
   * Relative weight of each feature family, by term prefix: "w" words, "b" bigrams, "c"
   * character n-grams, "@" concepts, "s" short-description words. Each family is
   * L2-normalised, scaled by its weight, then the whole vector is normalised, so the
   * many character n-grams do not drown the words.
   * @default undefined: one tf-idf vector over all families
   */
  readonly familyWeights?: Readonly<Record<string, number>>;
}

/** A fitted tf-idf vectoriser: vocabulary and idf learnt from the training texts only. */
export interface TfidfVectorizer {
  /** How many features a vector can have. */
  readonly dimension: number;
  /** The L2-normalised tf-idf vector of a ticket (sublinear tf: 1 + ln count); unknown terms are dropped. */
  transform(ticket: TicketText): SparseVector;
  /** The term of a feature index (for explanations and free tags). */
  termOf(index: number): string;
}

/**
 * Fits tf-idf on labelled history: keeps terms seen in at least `minDocumentFrequency`
 * texts, with smoothed idf `ln((1 + n) / (1 + df)) + 1`. Deterministic: the vocabulary
 * is sorted.
 */
export function fitTfidf(tickets: readonly TicketText[], options: TfidfOptions = {}): TfidfVectorizer {
  const minDf = options.minDocumentFrequency ?? 2;
  const documentFrequency = new Map<string, number>();
  for (const ticket of tickets)
    for (const term of extractTicketFeatures(ticket, options).keys())
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const terms = [...documentFrequency.entries()]
    .filter(([, df]) => df >= minDf)
    .map(([term]) => term)
    .sort();
  const weights = options.familyWeights;
  const indexOf = new Map(terms.map((term, index) => [term, index]));
  const idf = Float64Array.from(
    terms,
    (term) => Math.log((1 + tickets.length) / (1 + (documentFrequency.get(term) ?? 0))) + 1,
  );
  return {
    dimension: terms.length,
    termOf: (index) => terms[index] ?? '',
    transform(ticket) {
      const entries: Array<[number, number, string]> = [];
      const familyNorms = new Map<string, number>();
      for (const [term, count] of extractTicketFeatures(ticket, options)) {
        const index = indexOf.get(term);
        if (index === undefined) continue;
        const value = (1 + Math.log(count)) * (idf[index] ?? 0);
        const family = term[0] ?? '';
        entries.push([index, value, family]);
        familyNorms.set(family, (familyNorms.get(family) ?? 0) + value * value);
      }
      if (weights !== undefined)
        for (const entry of entries) entry[1] *= (weights[entry[2]] ?? 1) / Math.sqrt(familyNorms.get(entry[2]) ?? 1);
      entries.sort((a, b) => a[0] - b[0]);
      const norm = Math.sqrt(entries.reduce((sum, [, v]) => sum + v * v, 0)) || 1;
      return {
        indices: Int32Array.from(entries, ([index]) => index),
        values: Float64Array.from(entries, ([, value]) => value / norm),
      };
    },
  };
}
