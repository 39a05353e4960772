import { describe, expect, it } from 'vitest';
import { extractConcepts } from '../../../lambdas/shared/embeddings/bilingual-lexicon';
import { detectLanguageOfTokens } from '../../../lambdas/shared/embeddings/detect-language';
import { bucketIndex, bucketSign, fnv1a32, fnv1aStep } from '../../../lambdas/shared/embeddings/feature-hash';
import {
  computeHashingEmbedding,
  DEFAULT_FEATURE_WEIGHTS,
  type FeatureWeights,
} from '../../../lambdas/shared/embeddings/hashing-embedder';
import { isStopword, tokenize } from '../../../lambdas/shared/embeddings/text-normalization';

// The embedding as defined: feature counts in Maps, strings built for pairs. The embedder
// counts in a reused typed-array table instead; its vectors must be the same bit for bit,
// since stored vectors (embedded by the ETL) and query vectors must agree.
function referenceEmbedding(text: string, dimension: number, weights: FeatureWeights): number[] {
  const tokens = tokenize(text);
  const content = tokens.filter((t) => !isStopword(t));
  const vector = new Float64Array(dimension);
  const count = (hashes: number[]) => {
    const counts = new Map<number, number>();
    for (const h of hashes) counts.set(h & 0x3fffffff, (counts.get(h & 0x3fffffff) ?? 0) + 1);
    return counts;
  };
  const add = (counts: Map<number, number>, weight: number) => {
    if (counts.size === 0 || weight === 0) return;
    let sum = 0;
    for (const tf of counts.values()) sum += (1 + Math.log(tf)) ** 2;
    const scale = weight / Math.sqrt(sum);
    for (const [key, tf] of counts) {
      const i = bucketIndex(key, dimension);
      vector[i] = (vector[i] as number) + bucketSign(key) * (1 + Math.log(tf)) * scale;
    }
  };
  const ngrams: number[] = [];
  for (const token of content) {
    if (token.length > 32 || /^\d+$/.test(token)) continue;
    const marked = `#${token}#`;
    for (let start = 0; start < marked.length; start += 1)
      for (let end = start + 3; end <= Math.min(start + 5, marked.length); end += 1)
        ngrams.push(fnv1a32(marked.slice(start, end), fnv1a32('c\u0001')));
  }
  const concepts = tokens.length === 0 ? [] : extractConcepts(tokens, detectLanguageOfTokens(text, tokens).language);
  add(count(content.map((t) => fnv1a32(t, fnv1a32('w\u0001')))), weights.word);
  add(count(content.slice(1).map((t, i) => fnv1a32(`${content[i]} ${t}`, fnv1a32('b\u0001')))), weights.bigram);
  add(count(ngrams), weights.charNgram);
  add(count(concepts.map((c) => fnv1a32(c, fnv1a32('@\u0001')))), weights.concept);
  const pairs = concepts.slice(1).flatMap((c, i) => {
    const [a, b] = [concepts[i] as string, c].sort();
    return a === b ? [] : [fnv1a32(`${a} ${b}`, fnv1a32('p\u0001'))];
  });
  add(count(pairs), weights.conceptPair);
  let norm = 0;
  for (const v of vector) norm += v * v;
  return norm === 0 ? Array.from(vector) : Array.from(vector, (v) => v / Math.sqrt(norm));
}

const TEXTS = [
  '',
  '1234 5678',
  'VPN tunnel down for the Madrid office; users cannot connect since this morning.',
  'Servidor de base de datos lento: las consultas tardan más de 30 segundos tras la actualización.',
  'database server servidor de base de datos database server database server',
  'Contraseña caducada ¿hoy? password expired password expired',
  // More distinct features than the table's first capacity: it grows mid-text.
  Array.from({ length: 900 }, (_, i) => `token${i}x`).join(' '),
];

describe('computeHashingEmbedding', () => {
  it.each(TEXTS.map((text) => [text.slice(0, 40), text]))(
    'gives the vector of the feature definition bit for bit: %s',
    (_name, text) => {
      for (const dimension of [7, 256]) {
        expect(computeHashingEmbedding(text, dimension)).toEqual(
          referenceEmbedding(text, dimension, DEFAULT_FEATURE_WEIGHTS),
        );
      }
    },
  );

  it('gives the same vector however many texts were embedded before', () => {
    // arrange
    const text = TEXTS[3] as string;
    const first = computeHashingEmbedding(text, 64);
    // act
    for (const other of TEXTS) computeHashingEmbedding(other, 64);
    // assert
    expect(computeHashingEmbedding(text, 64)).toEqual(first);
    expect(fnv1aStep(fnv1a32('a', 1), 0x20)).toBe(fnv1a32('a ', 1));
  });
});
