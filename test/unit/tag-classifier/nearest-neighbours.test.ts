import { describe, expect, it } from 'vitest';
import { buildNeighbourIndex, type Neighbour } from '../../../lambdas/tag-classifier/nearest-neighbours';
import { seededRandom } from '../../../lambdas/tag-classifier/random';
import type { SparseVector } from '../../../lambdas/tag-classifier/tfidf';

const DIMENSION = 12;

/** A sparse vector over few features with values from a small set, so many similarities tie. */
function randomVector(random: () => number): SparseVector {
  const features = [
    ...new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, () => Math.floor(random() * DIMENSION))),
  ];
  features.sort((a, b) => a - b);
  return {
    indices: Int32Array.from(features),
    values: Float64Array.from(features, () => 1 + Math.floor(random() * 2)),
  };
}

/** The definition: every positive dot product, best first, ties by lower index, first k. */
function bruteForce(vectors: readonly SparseVector[], query: SparseVector, k: number, exclude?: number): Neighbour[] {
  const all: Neighbour[] = [];
  vectors.forEach((v, index) => {
    let similarity = 0;
    v.indices.forEach((feature, i) => {
      const q = query.indices.indexOf(feature);
      if (q >= 0) similarity += (v.values[i] as number) * (query.values[q] as number);
    });
    if (index !== exclude && similarity > 0) all.push({ index, similarity });
  });
  return all.sort((a, b) => b.similarity - a.similarity || a.index - b.index).slice(0, k);
}

describe('buildNeighbourIndex', () => {
  it('returns the k most similar vectors best first, ties by lower index, as a full sort would', () => {
    const random = seededRandom(7);
    const vectors = Array.from({ length: 200 }, () => randomVector(random));
    const index = buildNeighbourIndex(vectors, DIMENSION);
    for (let round = 0; round < 100; round += 1) {
      const query = randomVector(random);
      const k = 1 + (round % 25);
      const exclude = round % 3 === 0 ? round : undefined;
      expect(index.nearest(query, k, exclude)).toEqual(bruteForce(vectors, query, k, exclude));
    }
  });

  it('returns fewer than k when fewer vectors share a feature, and none for k = 0', () => {
    const vectors: SparseVector[] = [
      { indices: Int32Array.of(0), values: Float64Array.of(1) },
      { indices: Int32Array.of(1), values: Float64Array.of(1) },
      { indices: Int32Array.of(0, 1), values: Float64Array.of(0.5, 0.5) },
    ];
    const index = buildNeighbourIndex(vectors, 2);
    const query = { indices: Int32Array.of(0), values: Float64Array.of(1) };
    expect(index.nearest(query, 5)).toEqual([
      { index: 0, similarity: 1 },
      { index: 2, similarity: 0.5 },
    ]);
    expect(index.nearest(query, 0)).toEqual([]);
  });
});
