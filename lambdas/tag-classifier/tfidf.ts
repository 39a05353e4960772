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

/** A fitted vectoriser and the vectors of the texts it was fitted on. */
export interface FittedTfidf {
  readonly vectorizer: TfidfVectorizer;
  /** The vector of each training text, in input order (as `vectorizer.transform` gives it). */
  readonly vectors: SparseVector[];
}

/**
 * Fits tf-idf on labelled history: keeps terms seen in at least `minDocumentFrequency`
 * texts, with smoothed idf `ln((1 + n) / (1 + df)) + 1`. Deterministic: the vocabulary
 * is sorted.
 */
export function fitTfidf(tickets: readonly TicketText[], options: TfidfOptions = {}): TfidfVectorizer {
  return fitTfidfWithVectors(tickets, options).vectorizer;
}

/**
 * {@link fitTfidf} that also returns the training texts' vectors: each text's features are
 * extracted once for both (the extraction is most of the vectoriser's cost at train time)
 * and kept meanwhile as term ids and counts, not as strings.
 */
export function fitTfidfWithVectors(tickets: readonly TicketText[], options: TfidfOptions = {}): FittedTfidf {
  const minDf = options.minDocumentFrequency ?? 2;
  const { terms: seenTerms, documentFrequency, documents } = countTerms(tickets, options);
  const kept = seenTerms.map((_, id) => id).filter((id) => (documentFrequency[id] as number) >= minDf);
  kept.sort((a, b) => ((seenTerms[a] as string) < (seenTerms[b] as string) ? -1 : 1));
  const finalIndexOf = new Int32Array(seenTerms.length).fill(-1);
  kept.forEach((id, index) => {
    finalIndexOf[id] = index;
  });
  const idf = Float64Array.from(
    kept,
    (id) => Math.log((1 + tickets.length) / (1 + (documentFrequency[id] as number))) + 1,
  );
  const vectorizer = vectorizerOf(
    kept.map((id) => seenTerms[id] as string),
    idf,
    options,
  );
  const vectors = documents.map(({ ids, counts }) => {
    const entries: Array<[number, number]> = [];
    for (let k = 0; k < ids.length; k += 1) {
      const index = finalIndexOf[ids[k] as number] as number;
      if (index >= 0) entries.push([index, counts[k] as number]);
    }
    return vectorizer.vectorOf(entries);
  });
  return { vectorizer: vectorizer.public, vectors };
}

/** Every text's term counts as term ids, each term's document frequency (all terms, before any cut). */
function countTerms(
  tickets: readonly TicketText[],
  options: TfidfOptions,
): {
  terms: string[];
  documentFrequency: number[];
  documents: Array<{ ids: Int32Array; counts: Float64Array }>;
} {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const documentFrequency: number[] = [];
  const documents = tickets.map((ticket) => {
    const features = extractTicketFeatures(ticket, options);
    const ids = new Int32Array(features.size);
    const counts = new Float64Array(features.size);
    let k = 0;
    for (const [term, count] of features) {
      let id = termIds.get(term);
      if (id === undefined) {
        id = terms.length;
        termIds.set(term, id);
        terms.push(term);
        documentFrequency.push(0);
      }
      documentFrequency[id] = (documentFrequency[id] as number) + 1;
      ids[k] = id;
      counts[k] = count;
      k += 1;
    }
    return { ids, counts };
  });
  return { terms, documentFrequency, documents };
}

// Its own scope, so the vectoriser's closures keep the vocabulary and idf only (not the
// counting's all-terms map).
function vectorizerOf(
  terms: readonly string[],
  idf: Float64Array,
  options: TfidfOptions,
): { public: TfidfVectorizer; vectorOf: (entries: Array<[number, number]>) => SparseVector } {
  const indexOf = new Map(terms.map((term, index) => [term, index]));
  const families = terms.map((term) => term[0] ?? '');
  const weights = options.familyWeights;
  const vectorOf = (entries: Array<[number, number]>): SparseVector => {
    const familyNorms = new Map<string, number>();
    for (const [index, count] of entries) {
      const value = (1 + Math.log(count)) * (idf[index] as number);
      const family = families[index] as string;
      familyNorms.set(family, (familyNorms.get(family) ?? 0) + value * value);
    }
    const weighted = entries.map(([index, count]): [number, number] => {
      const value = (1 + Math.log(count)) * (idf[index] as number);
      const family = families[index] as string;
      return [
        index,
        weights === undefined ? value : value * ((weights[family] ?? 1) / Math.sqrt(familyNorms.get(family) ?? 1)),
      ];
    });
    weighted.sort((a, b) => a[0] - b[0]);
    const norm = Math.sqrt(weighted.reduce((sum, [, v]) => sum + v * v, 0)) || 1;
    return {
      indices: Int32Array.from(weighted, ([index]) => index),
      values: Float64Array.from(weighted, ([, value]) => value / norm),
    };
  };
  return {
    vectorOf,
    public: {
      dimension: terms.length,
      termOf: (index) => terms[index] ?? '',
      transform(ticket) {
        const entries: Array<[number, number]> = [];
        for (const [term, count] of extractTicketFeatures(ticket, options)) {
          const index = indexOf.get(term);
          if (index !== undefined) entries.push([index, count]);
        }
        return vectorOf(entries);
      },
    },
  };
}
