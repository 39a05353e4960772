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
  const scored = examples
    .map((example, i) => ({ example, similarity: cosineSimilarity(query ?? [], vectors[i] ?? []) }))
    .sort((a, b) => b.similarity - a.similarity || a.example.label.localeCompare(b.example.label))
    .slice(0, neighbours);
  const votes = new Map<string, { weight: number; best: number }>();
  for (const { example, similarity } of scored) {
    const weight = Math.max(similarity, 0);
    const vote = votes.get(example.label) ?? { weight: 0, best: 0 };
    votes.set(example.label, { weight: vote.weight + weight, best: Math.max(vote.best, weight) });
  }
  const total = [...votes.values()].reduce((sum, v) => sum + v.weight, 0);
  const [label, vote] = [...votes.entries()].sort(
    (a, b) => b[1].weight - a[1].weight || a[0].localeCompare(b[0]),
  )[0] ?? [fallbackLabel, { weight: 0, best: 0 }];
  if (total === 0) return { label: fallbackLabel, confidence: 0, rationale: 'no example is similar to the text' };
  return {
    label,
    confidence: Number(((vote.weight / total) * vote.best).toFixed(4)),
    rationale: `${scored.filter((s) => s.example.label === label).length} of ${scored.length} nearest examples are "${label}"`,
  };
}
