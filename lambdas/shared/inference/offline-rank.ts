import { cosineSimilarity, detectLanguage, type Embedder, extractConcepts } from '../embeddings';
import { isStopword, tokenize } from '../embeddings/text-normalization';
import type { RankOutput, RankRequest } from './operations/rank';

/** How much the embedding similarity counts against the word and concept overlap. */
export const RANK_WEIGHTS = { cosine: 0.6, overlap: 0.4 } as const;

/**
 * Offline ranking: each candidate scores a weighted sum of its embedding cosine
 * similarity to the query and the share of the query's content words and lexicon
 * concepts it contains, so a candidate in the other language still scores through
 * shared concepts. Ties keep the candidates' order. The reason names what was shared.
 */
export async function rankOffline(embedder: Embedder, request: RankRequest): Promise<RankOutput> {
  if (request.candidates.length === 0) return { ranking: [] };
  const [query, ...vectors] = await embedder.embed([request.query, ...request.candidates.map((c) => c.text)]);
  const queryTerms = contentTerms(request.query);
  const scored = request.candidates.map((candidate, index) => {
    const cosine = Math.max(0, cosineSimilarity(query ?? [], vectors[index] ?? []));
    const terms = contentTerms(candidate.text);
    const shared = [...queryTerms].filter((t) => terms.has(t));
    const overlap = queryTerms.size === 0 ? 0 : shared.length / queryTerms.size;
    const score = Math.min(1, RANK_WEIGHTS.cosine * cosine + RANK_WEIGHTS.overlap * overlap);
    const sharedText = shared.length === 0 ? 'no shared terms' : `shares ${shared.slice(0, 5).join(', ')}`;
    return {
      index,
      entry: {
        id: candidate.id,
        score: Number(score.toFixed(4)),
        reason: `cosine ${cosine.toFixed(2)}, ${sharedText}`,
      },
    };
  });
  scored.sort((a, b) => b.entry.score - a.entry.score || a.index - b.index);
  const top = Math.min(request.top ?? scored.length, scored.length);
  return { ranking: scored.slice(0, top).map((s) => s.entry) };
}

/** Content words (no stopwords, longer than two letters) and lexicon concepts (`@concept`) of a text. */
export function contentTerms(text: string): Set<string> {
  const tokens = tokenize(text);
  const words = tokens.filter((t) => t.length > 2 && !isStopword(t));
  const concepts = extractConcepts(tokens, detectLanguage(text).language).map((c) => `@${c}`);
  return new Set([...words, ...concepts]);
}
