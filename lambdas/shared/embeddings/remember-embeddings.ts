import type { Embedder } from './embedder';

/**
 * The embedder, remembering the vectors of the last `size` texts it embedded (the pending
 * promise included, so two callers asking at once embed once). A batch embeds only the
 * texts not remembered, in one call. An embedding is a pure function of the text for a
 * given model, so a remembered vector is never stale.
 */
export function rememberEmbeddings(embedder: Embedder, size = 64): Embedder {
  const remembered = new Map<string, Promise<number[]>>();
  const recall = (text: string): Promise<number[]> | undefined => {
    const known = remembered.get(text);
    if (known !== undefined) {
      // Most recently used last: the oldest entry is the first evicted.
      remembered.delete(text);
      remembered.set(text, known);
    }
    return known;
  };
  return {
    modelId: embedder.modelId,
    dimension: embedder.dimension,
    async embed(texts) {
      const known = texts.map(recall);
      const missing = [...new Set(texts.filter((_, i) => known[i] === undefined))];
      const fresh = new Map<string, Promise<number[]>>();
      if (missing.length > 0) {
        const embedded = embedder.embed(missing);
        missing.forEach((text, k) => {
          const vector = embedded.then((list) => list[k] as number[]);
          fresh.set(text, vector);
          remembered.set(text, vector);
          // A failed embedding is not remembered: the next call tries again.
          vector.catch(() => remembered.delete(text));
        });
        while (remembered.size > size) remembered.delete(remembered.keys().next().value as string);
        await embedded;
      }
      const vectors = await Promise.all(texts.map((text, i) => known[i] ?? (fresh.get(text) as Promise<number[]>)));
      // Each caller gets its own arrays: one that changes its vector cannot change another's.
      return vectors.map((v) => [...v]);
    },
  };
}
