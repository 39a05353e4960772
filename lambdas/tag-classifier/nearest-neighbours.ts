import type { SparseVector } from './tfidf';

/** A neighbour: the index of a stored vector and its cosine similarity. */
export interface Neighbour {
  readonly index: number;
  readonly similarity: number;
}

/** An inverted index over L2-normalised sparse vectors for exact cosine top-k. */
export interface NeighbourIndex {
  /**
   * The k most similar stored vectors, best first (ties by lower index); `exclude` skips one
   * index. Asked again for the same query object, k and exclude, it returns the same answer
   * without searching (label models of several fields share one index and one query).
   * Treat the answer and the query as read-only.
   */
  nearest(query: SparseVector, k: number, exclude?: number): readonly Neighbour[];
}

/** Builds the inverted index (feature → postings) over the vectors. */
export function buildNeighbourIndex(vectors: readonly SparseVector[], dimension: number): NeighbourIndex {
  const postingCounts = new Int32Array(dimension + 1);
  for (const v of vectors) for (const i of v.indices) postingCounts[i + 1] = (postingCounts[i + 1] as number) + 1;
  for (let i = 0; i < dimension; i += 1)
    postingCounts[i + 1] = (postingCounts[i + 1] as number) + (postingCounts[i] as number);
  const starts = Int32Array.from(postingCounts);
  const fill = Int32Array.from(postingCounts);
  const documents = new Int32Array(starts[dimension] as number);
  const weights = new Float64Array(starts[dimension] as number);
  vectors.forEach((v, document) => {
    for (let k = 0; k < v.indices.length; k += 1) {
      const at = fill[v.indices[k] as number] as number;
      documents[at] = document;
      weights[at] = v.values[k] as number;
      fill[v.indices[k] as number] = at + 1;
    }
  });
  const scores = new Float64Array(vectors.length);
  let last: { query: SparseVector; k: number; exclude: number | undefined; top: Neighbour[] } | undefined;
  return {
    nearest(query, k, exclude) {
      if (last !== undefined && last.query === query && last.k === k && last.exclude === exclude) return last.top;
      scores.fill(0);
      for (let q = 0; q < query.indices.length; q += 1) {
        const feature = query.indices[q] as number;
        if (feature >= dimension) continue;
        const value = query.values[q] as number;
        for (let p = starts[feature] as number; p < (starts[feature + 1] as number); p += 1)
          scores[documents[p] as number] = (scores[documents[p] as number] as number) + value * (weights[p] as number);
      }
      const top: Neighbour[] = [];
      if (k <= 0) return top;
      // Insertion into the sorted top k: documents come in index order, so an equal
      // similarity stays behind the earlier index without a tie-break, and only a
      // document that enters the top k allocates (a sort per entry cost ~280 KB a call).
      for (let d = 0; d < scores.length; d += 1) {
        const similarity = scores[d] as number;
        if (d === exclude || similarity <= 0) continue;
        if (top.length === k) {
          if (similarity <= (top[k - 1] as Neighbour).similarity) continue;
        } else top.length += 1;
        let at = top.length - 1;
        while (at > 0 && (top[at - 1] as Neighbour).similarity < similarity) {
          top[at] = top[at - 1] as Neighbour;
          at -= 1;
        }
        top[at] = { index: d, similarity };
      }
      last = { query, k, exclude, top };
      return top;
    },
  };
}
