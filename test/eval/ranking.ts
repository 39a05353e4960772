import { createHashingEmbedder } from '../../lambdas/shared/embeddings';
import { rankOffline } from '../../lambdas/shared/inference';
import { mulberry32 } from './helpers';

/** A labelled ticket. */
export interface Ticket {
  readonly text: string;
  readonly label: string;
}

/**
 * Ranking: for each sampled test ticket, 10 training tickets as candidates, exactly
 * one from the same assignment group; hit@1 and MRR of that one, against chance
 * (0.100 and 0.293 for 10 candidates).
 */
export async function evaluateRanking(
  train: readonly Ticket[],
  test: readonly Ticket[],
  queries = 400,
): Promise<string> {
  const random = mulberry32(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const byLabel = new Map<string, Ticket[]>();
  for (const t of train) byLabel.set(t.label, [...(byLabel.get(t.label) ?? []), t]);
  const embedder = createHashingEmbedder({ dimension: 512 });
  let hits = 0;
  let reciprocal = 0;
  let asked = 0;
  for (const query of test) {
    if (asked >= queries) break;
    const same = byLabel.get(query.label);
    if (same === undefined || query.text.trim() === '') continue;
    const candidates = [{ id: 'same', text: pick(same).text }];
    while (candidates.length < 10) {
      const other = pick(train);
      if (other.label !== query.label) candidates.push({ id: `other-${candidates.length}`, text: other.text });
    }
    candidates.sort(() => random() - 0.5);
    const { ranking } = await rankOffline(embedder, { kind: 'rank', query: query.text, candidates });
    const position = ranking.findIndex((r) => r.id === 'same') + 1;
    hits += position === 1 ? 1 : 0;
    reciprocal += 1 / position;
    asked += 1;
  }
  return `ranking (1 same-group + 9 other tickets, ${asked} queries, seed 7): hit@1 ${(hits / asked).toFixed(3)}, MRR ${(reciprocal / asked).toFixed(3)}; chance 0.100 / 0.293`;
}
