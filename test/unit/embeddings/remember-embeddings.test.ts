import { describe, expect, it } from 'vitest';
import { createHashingEmbedder, type Embedder, rememberEmbeddings } from '../../../lambdas/shared/embeddings';

/** The real hashing embedder, counting the texts it is asked to embed; fails on 'boom' once. */
function countingEmbedder() {
  const inner = createHashingEmbedder({ dimension: 32 });
  const asked: string[] = [];
  let failed = false;
  const embedder: Embedder = {
    modelId: inner.modelId,
    dimension: inner.dimension,
    embed: async (texts) => {
      asked.push(...texts);
      if (texts.includes('boom') && !failed) {
        failed = true;
        throw new Error('embedding service unavailable');
      }
      return inner.embed(texts);
    },
  };
  return { embedder, asked, inner };
}

describe('rememberEmbeddings', () => {
  it('embeds a text once when two agents ask for it at the same time, and gives both the same vector', async () => {
    // arrange
    const { embedder, asked, inner } = countingEmbedder();
    const remembering = rememberEmbeddings(embedder);
    // act
    const [a, b] = await Promise.all([remembering.embed(['VPN drops']), remembering.embed(['VPN drops'])]);
    // assert
    expect(asked).toEqual(['VPN drops']);
    expect(a).toEqual(await inner.embed(['VPN drops']));
    expect(b).toEqual(a);
  });

  it('gives each caller its own arrays, so changing one vector does not change the remembered one', async () => {
    // arrange
    const { embedder } = countingEmbedder();
    const remembering = rememberEmbeddings(embedder);
    const [first] = await remembering.embed(['printer jam']);
    // act
    (first as number[]).fill(0);
    const [again] = await remembering.embed(['printer jam']);
    // assert
    expect((again as number[]).some((c) => c !== 0)).toBe(true);
  });

  it('forgets the least recently used text beyond its size and embeds it again when asked', async () => {
    // arrange
    const { embedder, asked } = countingEmbedder();
    const remembering = rememberEmbeddings(embedder, 2);
    await remembering.embed(['a']);
    await remembering.embed(['b']);
    await remembering.embed(['a']); // a is now the most recently used
    // act
    await remembering.embed(['c']); // evicts b
    await remembering.embed(['a']);
    await remembering.embed(['b']);
    // assert
    expect(asked).toEqual(['a', 'b', 'c', 'b']);
  });

  it('does not remember a failed embedding: the next call embeds it again', async () => {
    // arrange
    const { embedder, asked } = countingEmbedder();
    const remembering = rememberEmbeddings(embedder);
    // act
    await expect(remembering.embed(['boom'])).rejects.toThrow('embedding service unavailable');
    const [vector] = await remembering.embed(['boom']);
    // assert
    expect(vector).toHaveLength(32);
    expect(asked).toEqual(['boom', 'boom']);
  });

  it('embeds only the texts of a batch it does not remember, in one call, and answers in the order asked', async () => {
    // arrange
    const { embedder, asked, inner } = countingEmbedder();
    const remembering = rememberEmbeddings(embedder);
    await remembering.embed(['x', 'y']);
    // act
    const vectors = await remembering.embed(['y', 'z', 'x', 'z']);
    // assert
    expect(asked).toEqual(['x', 'y', 'z']);
    expect(vectors).toEqual(await inner.embed(['y', 'z', 'x', 'z']));
  });

  it('answers a batch larger than its size whole, remembering only the last texts', async () => {
    // arrange
    const { embedder, asked, inner } = countingEmbedder();
    const remembering = rememberEmbeddings(embedder, 2);
    // act
    const vectors = await remembering.embed(['a', 'b', 'c']);
    await remembering.embed(['b', 'c', 'a']);
    // assert
    expect(vectors).toEqual(await inner.embed(['a', 'b', 'c']));
    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });
});
