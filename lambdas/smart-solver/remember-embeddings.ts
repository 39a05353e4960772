import type { Embedder } from '../shared/embeddings';

/**
 * The embedder, remembering the vectors of the last `size` single texts it embedded (the
 * pending promise included, so two agents asking at once embed once). An embedding is a
 * pure function of the text for a given model, so a remembered vector is never stale.
 */
export function rememberEmbeddings(embedder: Embedder, size = 64): Embedder {
  const remembered = new Map<string, Promise<number[][]>>();
  return {
    modelId: embedder.modelId,
    dimension: embedder.dimension,
    embed(texts) {
      const text = texts.length === 1 ? texts[0] : undefined;
      if (text === undefined) return embedder.embed(texts);
      const known = remembered.get(text);
      if (known !== undefined) {
        // Most recently used last: the oldest entry is the first evicted.
        remembered.delete(text);
        remembered.set(text, known);
        return copied(known);
      }
      const vectors = embedder.embed(texts);
      remembered.set(text, vectors);
      // A failed embedding is not remembered: the next call tries again.
      vectors.catch(() => remembered.delete(text));
      if (remembered.size > size) remembered.delete(remembered.keys().next().value as string);
      return copied(vectors);
    },
  };
}

// Each caller gets its own arrays: one that changes its vector cannot change another's.
const copied = (vectors: Promise<number[][]>) => vectors.then((list) => list.map((v) => [...v]));
