import { cosineSimilarity, type Embedder } from '../embeddings';
import type { ClassifyOutput, ClassifyRequest } from './operations/classify';

/** How many nearest examples vote. */
export const DEFAULT_NEIGHBOURS = 7;

/**
 * Offline classification: embeds the text and the examples, lets the k nearest
 * examples vote weighted by cosine similarity. Confidence is the winner's share of
 * the vote scaled by its best similarity, so distant neighbours give low confidence.
 * With no usable example the first allowed label is returned at confidence 0.
 */
export async function classifyOffline(
  embedder: Embedder,
  request: ClassifyRequest,
  neighbours: number = DEFAULT_NEIGHBOURS,
): Promise<ClassifyOutput> {
  const allowed = new Set(request.labels);
  const examples = request.examples.filter((e) => allowed.has(e.label));
  const fallbackLabel = request.labels[0] ?? '';
  if (examples.length === 0)
    return { label: fallbackLabel, confidence: 0, rationale: 'no labelled examples for the allowed labels' };
  const [query, ...vectors] = await embedder.embed([request.text, ...examples.map((e) => e.text)]);
  const vote = voteNearest(
    query ?? [],
    examples.map((e, i) => ({ label: e.label, vector: vectors[i] ?? [] })),
    neighbours,
    fallbackLabel,
  );
  if (vote.voters === 0) return { label: fallbackLabel, confidence: 0, rationale: 'no example is similar to the text' };
  return {
    label: vote.label,
    confidence: vote.confidence,
    rationale: `${vote.voters} of ${vote.considered} nearest examples are "${vote.label}"`,
  };
}

/** An example with its vector, for voting without re-embedding. */
export interface EmbeddedExample {
  readonly label: string;
  readonly vector: readonly number[];
}

/** The similarity-weighted vote of the k nearest embedded examples (see classifyOffline). */
export function voteNearest(
  query: readonly number[],
  examples: readonly EmbeddedExample[],
  neighbours: number,
  fallbackLabel: string,
): { label: string; confidence: number; voters: number; considered: number } {
  const scored = examples
    .map((example) => ({ label: example.label, similarity: cosineSimilarity(query, example.vector) }))
    .sort((a, b) => b.similarity - a.similarity || a.label.localeCompare(b.label))
    .slice(0, neighbours);
  const votes = new Map<string, { weight: number; best: number; count: number }>();
  for (const { label, similarity } of scored) {
    const weight = Math.max(similarity, 0);
    const vote = votes.get(label) ?? { weight: 0, best: 0, count: 0 };
    votes.set(label, { weight: vote.weight + weight, best: Math.max(vote.best, weight), count: vote.count + 1 });
  }
  const total = [...votes.values()].reduce((sum, v) => sum + v.weight, 0);
  const winner = [...votes.entries()].sort((a, b) => b[1].weight - a[1].weight || a[0].localeCompare(b[0]))[0];
  if (total === 0 || winner === undefined)
    return { label: fallbackLabel, confidence: 0, voters: 0, considered: scored.length };
  const [label, vote] = winner;
  return {
    label,
    confidence: Number(((vote.weight / total) * vote.best).toFixed(4)),
    voters: vote.count,
    considered: scored.length,
  };
}
