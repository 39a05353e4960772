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
 * A fitted vectoriser as plain data: the sorted vocabulary, each term's idf and the
 * options it extracts features with (a stored model rebuilds the same vectoriser).
 */
export interface TfidfState {
  readonly terms: readonly string[];
  readonly idf: Float64Array;
  readonly options: TfidfOptions;
}

/**
 * Texts' term counts over a vocabulary, flat: text t's features are `indices` (ascending)
 * and `counts` from `offsets[t]` to `offsets[t + 1]`. Its vectors are rebuilt from them.
 */
export interface TermCounts {
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly counts: Uint32Array;
}

/** A fitted vectoriser and the vectors of the texts it was fitted on. */
export interface FittedTfidf {
  readonly vectorizer: TfidfVectorizer;
  /** The vector of each training text, in input order (as `vectorizer.transform` gives it). */
  readonly vectors: SparseVector[];
  /** The vectoriser as plain data. */
  readonly state: TfidfState;
  /** The training texts' term counts (what rebuilds `vectors`). */
  readonly counts: TermCounts;
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
  const state: TfidfState = { terms: kept.map((id) => seenTerms[id] as string), idf, options };
  const offsets = new Int32Array(documents.length + 1);
  const entries: number[] = [];
  const counted: number[] = [];
  documents.forEach(({ ids, counts }, d) => {
    const own: Array<[number, number]> = [];
    for (let k = 0; k < ids.length; k += 1) {
      const index = finalIndexOf[ids[k] as number] as number;
      if (index >= 0) own.push([index, counts[k] as number]);
    }
    own.sort((a, b) => a[0] - b[0]);
    for (const [index, count] of own) {
      entries.push(index);
      counted.push(count);
    }
    offsets[d + 1] = entries.length;
  });
  const counts: TermCounts = { offsets, indices: Int32Array.from(entries), counts: Uint32Array.from(counted) };
  const { vectorizer, vectorsOf } = tfidfFromState(state);
  return { vectorizer, vectors: vectorsOf(counts), state, counts };
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

/**
 * The vectoriser of a fitted state, and the vectors of term counts over its vocabulary:
 * the same arithmetic in the same order for a text transformed now, a training text and
 * a stored model's training text, so the vectors are equal bit for bit.
 */
export function tfidfFromState(state: TfidfState): {
  vectorizer: TfidfVectorizer;
  vectorsOf: (counts: TermCounts) => SparseVector[];
} {
  const { terms, idf, options } = state;
  const indexOf = new Map(terms.map((term, index) => [term, index]));
  const familyNames = [...new Set(terms.map((term) => term[0] ?? ''))];
  const familyCode = new Map(familyNames.map((family, code) => [family, code]));
  const familyOf = Uint8Array.from(terms, (term) => familyCode.get(term[0] ?? '') as number);
  const weights = options.familyWeights;
  const familyWeight = Float64Array.from(familyNames, (family) => weights?.[family] ?? 1);
  const familyNorms = new Float64Array(familyNames.length);
  const countByIndex = new Float64Array(terms.length);
  // indices ascending; values as (1 + ln count) × idf, each family L2-normalised and
  // weighted when family weights are set, then the whole vector L2-normalised.
  const vectorOf = (indices: Int32Array, counts: ArrayLike<number>, from: number, to: number): SparseVector => {
    const values = new Float64Array(to - from);
    familyNorms.fill(0);
    for (let k = from; k < to; k += 1) {
      const index = indices[k] as number;
      const value = (1 + Math.log(counts[k] as number)) * (idf[index] as number);
      values[k - from] = value;
      const family = familyOf[index] as number;
      familyNorms[family] = (familyNorms[family] as number) + value * value;
    }
    if (weights !== undefined)
      for (let k = from; k < to; k += 1) {
        const family = familyOf[indices[k] as number] as number;
        values[k - from] =
          (values[k - from] as number) * ((familyWeight[family] as number) / Math.sqrt(familyNorms[family] as number));
      }
    let squared = 0;
    for (let k = 0; k < values.length; k += 1) squared += (values[k] as number) * (values[k] as number);
    const norm = Math.sqrt(squared) || 1;
    for (let k = 0; k < values.length; k += 1) values[k] = (values[k] as number) / norm;
    return { indices: indices.subarray(from, to), values };
  };
  return {
    vectorsOf: ({ offsets, indices, counts }) => {
      const vectors: SparseVector[] = [];
      for (let d = 0; d + 1 < offsets.length; d += 1)
        vectors.push(vectorOf(indices, counts, offsets[d] as number, offsets[d + 1] as number));
      return vectors;
    },
    vectorizer: {
      dimension: terms.length,
      termOf: (index) => terms[index] ?? '',
      transform(ticket) {
        // Known features' indices sorted as numbers (a typed-array sort), their counts parked
        // by index meanwhile: no pair per feature, no comparator.
        const found: number[] = [];
        for (const [term, count] of extractTicketFeatures(ticket, options)) {
          const index = indexOf.get(term);
          if (index === undefined) continue;
          found.push(index);
          countByIndex[index] = count;
        }
        const indices = Int32Array.from(found).sort();
        const counts = new Float64Array(indices.length);
        for (let k = 0; k < indices.length; k += 1) {
          counts[k] = countByIndex[indices[k] as number] as number;
          countByIndex[indices[k] as number] = 0;
        }
        return vectorOf(indices, counts, 0, indices.length);
      },
    },
  };
}
