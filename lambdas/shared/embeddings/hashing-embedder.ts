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

  addFeatureGroup(vector, countWords(content), weights.word);
  addFeatureGroup(vector, countBigrams(content), weights.bigram);
  addFeatureGroup(vector, countCharNgrams(content), weights.charNgram);
  const concepts = tokens.length === 0 ? [] : extractConcepts(tokens, detectLanguageOfTokens(text, tokens).language);
  addFeatureGroup(vector, countConcepts(concepts), weights.concept);
  addFeatureGroup(vector, countConceptPairs(concepts), weights.conceptPair);

  return normalize(vector);
}

// Feature kinds hash under different prefixes, so "w:red" and "@red" never collide by design.
const WORD_SEED = fnv1a32('w\u0001');
const BIGRAM_SEED = fnv1a32('b\u0001');
const NGRAM_SEED = fnv1a32('c\u0001');
const CONCEPT_SEED = fnv1a32('@\u0001');
const CONCEPT_PAIR_SEED = fnv1a32('p\u0001');

function countWords(content: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const token of content) increment(counts, fnv1a32(token, WORD_SEED));
  return counts;
}

function countBigrams(content: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 1; i < content.length; i += 1) {
    increment(counts, fnv1a32(`${content[i - 1]} ${content[i]}`, BIGRAM_SEED));
  }
  return counts;
}

function countCharNgrams(content: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const token of content) {
    if (token.length > MAX_NGRAM_WORD_LENGTH || /^\d+$/.test(token)) continue;
    // Hash each n-gram incrementally from its start: no substrings are built.
    const length = token.length + 2;
    for (let start = 0; start < length; start += 1) {
      let hash = NGRAM_SEED;
      for (let end = start; end < Math.min(start + MAX_NGRAM, length); end += 1) {
        const code = end === 0 || end === length - 1 ? BOUNDARY : token.charCodeAt(end - 1);
        hash = fnv1aStep(hash, code);
        if (end - start + 1 >= MIN_NGRAM) increment(counts, hash);
      }
    }
  }
  return counts;
}

function countConcepts(concepts: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const concept of concepts) increment(counts, fnv1a32(concept, CONCEPT_SEED));
  return counts;
}

function countConceptPairs(concepts: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 1; i < concepts.length; i += 1) {
    const [first, second] = [concepts[i - 1] as string, concepts[i] as string].sort();
    if (first !== second) increment(counts, fnv1a32(`${first} ${second}`, CONCEPT_PAIR_SEED));
  }
  return counts;
}

// Keys are kept to 30 bits so V8 stores them as small integers, which Maps hash fast;
// two features of one text sharing 30 bits is rare enough not to matter.
const KEY_MASK = 0x3fffffff;

function increment(counts: Map<number, number>, hash: number): void {
  const key = hash & KEY_MASK;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

// Adds one kind of feature: sublinear term frequency (1 + ln tf), normalised within the
// kind, scaled by the kind's weight, hashed into a signed bucket.
function addFeatureGroup(vector: Float64Array, counts: ReadonlyMap<number, number>, weight: number): void {
  if (counts.size === 0 || weight === 0) return;
  let sumOfSquares = 0;
  for (const tf of counts.values()) sumOfSquares += (1 + Math.log(tf)) ** 2;
  const scale = weight / Math.sqrt(sumOfSquares);
  for (const [key, tf] of counts) {
    const index = bucketIndex(key, vector.length);
    vector[index] = (vector[index] as number) + bucketSign(key) * (1 + Math.log(tf)) * scale;
  }
}

function normalize(vector: Float64Array): number[] {
  let sumOfSquares = 0;
  for (const value of vector) sumOfSquares += value * value;
  if (sumOfSquares === 0) return Array.from(vector);
  const norm = Math.sqrt(sumOfSquares);
  return Array.from(vector, (value) => value / norm);
}
