import { RuntimeConfigError } from '../config';
import { extractConcepts } from './bilingual-lexicon';
import { detectLanguageOfTokens } from './detect-language';
import type { Embedder } from './embedder';
import { bucketIndex, bucketSign, fnv1a32, fnv1aStep } from './feature-hash';
import { isStopword, tokenize } from './text-normalization';

/** The id the offline embedder's vectors are stored under; bump it when features change. */
export const HASHING_EMBEDDER_MODEL_ID = 'switchyard-hashing-v1';

/**
 * How much each kind of feature contributes. Each kind is L2-normalised on its own
 * before weighting, so a weight is that kind's share of the vector whatever the text
 * length: words carry the topic, character n-grams catch inflections and typos,
 * concepts bridge English and Spanish.
 */
export interface FeatureWeights {
  /** Content words (stopwords dropped). */
  readonly word: number;
  /** Adjacent content-word pairs: "password expired". */
  readonly bigram: number;
  /** Character 3- to 5-grams of each content word, with word-boundary markers. */
  readonly charNgram: number;
  /** Bilingual lexicon concepts: "@password" for "password" and "contraseña". */
  readonly concept: number;
  /** Adjacent concept pairs, unordered, so "servidor de base de datos" and "database server" agree. */
  readonly conceptPair: number;
}

/** Weights tuned on the paraphrase and translation cases in test/unit/embeddings. */
export const DEFAULT_FEATURE_WEIGHTS: FeatureWeights = {
  word: 1,
  bigram: 0.5,
  charNgram: 0.8,
  concept: 1.2,
  conceptPair: 0.5,
};

/** How to build the offline embedder. */
export interface HashingEmbedderOptions {
  /** Length of every vector. */
  readonly dimension: number;
  /** @default DEFAULT_FEATURE_WEIGHTS */
  readonly weights?: Partial<FeatureWeights>;
}

/**
 * The offline embedder: signed feature hashing of words, word pairs, character
 * n-grams and bilingual concepts. No model, no network; the same text always gives
 * the same unit vector, and a text with no features gives the zero vector.
 */
export function createHashingEmbedder(options: HashingEmbedderOptions): Embedder {
  const { dimension } = options;
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new RuntimeConfigError(`The embedding dimension must be a positive integer; got ${dimension}.`);
  }
  const weights = { ...DEFAULT_FEATURE_WEIGHTS, ...options.weights };
  return {
    modelId: HASHING_EMBEDDER_MODEL_ID,
    dimension,
    embed: async (texts) => texts.map((text) => computeHashingEmbedding(text, dimension, weights)),
  };
}

const MIN_NGRAM = 3;
const MAX_NGRAM = 5;
// Longer "words" are ids, hashes or URLs; their n-grams would only add noise.
const MAX_NGRAM_WORD_LENGTH = 32;
const BOUNDARY = 0x23; // '#': marks a word's start and end inside n-grams.

/** Embeds one text synchronously; what `createHashingEmbedder(...).embed` does per text. */
export function computeHashingEmbedding(
  text: string,
  dimension: number,
  weights: FeatureWeights = DEFAULT_FEATURE_WEIGHTS,
): number[] {
  const tokens = tokenize(text);
  const content = tokens.filter((token) => !isStopword(token));
  const vector = new Float64Array(dimension);
  const counts = scratchCounts();

  countWords(counts, content);
  addFeatureGroup(vector, counts, weights.word);
  countBigrams(counts, content);
  addFeatureGroup(vector, counts, weights.bigram);
  countCharNgrams(counts, content);
  addFeatureGroup(vector, counts, weights.charNgram);
  const concepts = tokens.length === 0 ? [] : extractConcepts(tokens, detectLanguageOfTokens(text, tokens).language);
  countConcepts(counts, concepts);
  addFeatureGroup(vector, counts, weights.concept);
  countConceptPairs(counts, concepts);
  addFeatureGroup(vector, counts, weights.conceptPair);

  return normalize(vector);
}

// Feature kinds hash under different prefixes, so "w:red" and "@red" never collide by design.
const WORD_SEED = fnv1a32('w\u0001');
const BIGRAM_SEED = fnv1a32('b\u0001');
const NGRAM_SEED = fnv1a32('c\u0001');
const CONCEPT_SEED = fnv1a32('@\u0001');
const CONCEPT_PAIR_SEED = fnv1a32('p\u0001');
const SPACE = 0x20;

// Pairs are hashed as "first second" without building the string: FNV-1a runs over the
// code units in order, so continuing the hash gives the same value.
const pairHash = (first: string, second: string, seed: number) =>
  fnv1a32(second, fnv1aStep(fnv1a32(first, seed), SPACE));

function countWords(counts: FeatureCounts, content: readonly string[]): void {
  for (const token of content) counts.increment(fnv1a32(token, WORD_SEED));
}

function countBigrams(counts: FeatureCounts, content: readonly string[]): void {
  for (let i = 1; i < content.length; i += 1) {
    counts.increment(pairHash(content[i - 1] as string, content[i] as string, BIGRAM_SEED));
  }
}

function countCharNgrams(counts: FeatureCounts, content: readonly string[]): void {
  for (const token of content) {
    if (token.length > MAX_NGRAM_WORD_LENGTH || /^\d+$/.test(token)) continue;
    // Hash each n-gram incrementally from its start: no substrings are built.
    const length = token.length + 2;
    for (let start = 0; start < length; start += 1) {
      let hash = NGRAM_SEED;
      for (let end = start; end < Math.min(start + MAX_NGRAM, length); end += 1) {
        const code = end === 0 || end === length - 1 ? BOUNDARY : token.charCodeAt(end - 1);
        hash = fnv1aStep(hash, code);
        if (end - start + 1 >= MIN_NGRAM) counts.increment(hash);
      }
    }
  }
}

function countConcepts(counts: FeatureCounts, concepts: readonly string[]): void {
  for (const concept of concepts) counts.increment(fnv1a32(concept, CONCEPT_SEED));
}

function countConceptPairs(counts: FeatureCounts, concepts: readonly string[]): void {
  for (let i = 1; i < concepts.length; i += 1) {
    const a = concepts[i - 1] as string;
    const b = concepts[i] as string;
    if (a === b) continue;
    const [first, second] = a < b ? [a, b] : [b, a];
    counts.increment(pairHash(first, second, CONCEPT_PAIR_SEED));
  }
}

// Keys are kept to 30 bits (as when they were Map keys); two features of one text
// sharing 30 bits is rare enough not to matter.
const KEY_MASK = 0x3fffffff;
const EMPTY = -1;

/**
 * Feature counts of one kind: an open-addressing table over typed arrays, its entries
 * kept in first-seen order (the sums below add in that order, as they did over a Map,
 * so vectors stay the same bit for bit). One table is reused by every embedding: the
 * work is synchronous, so no two embeddings ever share it at once.
 */
class FeatureCounts {
  size = 0;
  keys: Int32Array;
  tfs: Int32Array;
  /** Room for each entry's 1 + ln(tf), filled by addFeatureGroup. */
  sublinear: Float64Array;
  private slots: Int32Array;
  private mask: number;

  constructor(capacity: number) {
    this.keys = new Int32Array(capacity);
    this.tfs = new Int32Array(capacity);
    this.sublinear = new Float64Array(capacity);
    this.slots = new Int32Array(capacity * 2).fill(EMPTY);
    this.mask = capacity * 2 - 1;
  }

  increment(hash: number): void {
    const key = hash & KEY_MASK;
    let slot = Math.imul(key, 0x9e3779b1) >>> 0;
    for (;;) {
      slot &= this.mask;
      const entry = this.slots[slot] as number;
      if (entry === EMPTY) break;
      if (this.keys[entry] === key) {
        this.tfs[entry] = (this.tfs[entry] as number) + 1;
        return;
      }
      slot += 1;
    }
    if (this.size === this.keys.length) {
      this.grow();
      this.increment(key);
      return;
    }
    this.slots[slot] = this.size;
    this.keys[this.size] = key;
    this.tfs[this.size] = 1;
    this.size += 1;
  }

  clear(): void {
    this.slots.fill(EMPTY);
    this.size = 0;
  }

  private grow(): void {
    const { keys, tfs, size } = this;
    const capacity = keys.length * 2;
    this.keys = new Int32Array(capacity);
    this.tfs = new Int32Array(capacity);
    this.sublinear = new Float64Array(capacity);
    this.slots = new Int32Array(capacity * 2).fill(EMPTY);
    this.mask = capacity * 2 - 1;
    this.size = 0;
    for (let i = 0; i < size; i += 1) {
      this.increment(keys[i] as number);
      this.tfs[i] = tfs[i] as number;
    }
  }
}

let scratch: FeatureCounts | undefined;
function scratchCounts(): FeatureCounts {
  scratch ??= new FeatureCounts(1024);
  scratch.clear();
  return scratch;
}

// Adds one kind of feature: sublinear term frequency (1 + ln tf), normalised within the
// kind, scaled by the kind's weight, hashed into a signed bucket. Empties the counts.
function addFeatureGroup(vector: Float64Array, counts: FeatureCounts, weight: number): void {
  const { size, keys, tfs } = counts;
  if (size === 0 || weight === 0) {
    counts.clear();
    return;
  }
  const sublinear = counts.sublinear;
  let sumOfSquares = 0;
  for (let i = 0; i < size; i += 1) {
    const tf = tfs[i] as number;
    const value = tf === 1 ? 1 : 1 + Math.log(tf);
    sublinear[i] = value;
    sumOfSquares += value ** 2;
  }
  const scale = weight / Math.sqrt(sumOfSquares);
  for (let i = 0; i < size; i += 1) {
    const key = keys[i] as number;
    const index = bucketIndex(key, vector.length);
    vector[index] = (vector[index] as number) + bucketSign(key) * (sublinear[i] as number) * scale;
  }
  counts.clear();
}

function normalize(vector: Float64Array): number[] {
  let sumOfSquares = 0;
  for (const value of vector) sumOfSquares += value * value;
  const out = new Array<number>(vector.length);
  const norm = sumOfSquares === 0 ? 1 : Math.sqrt(sumOfSquares);
  for (let i = 0; i < vector.length; i += 1) out[i] = (vector[i] as number) / norm;
  return out;
}
