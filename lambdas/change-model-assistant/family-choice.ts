import type { CatalogueModel } from './catalogue';
import type { AssistantSlots } from './recommend';

/**
 * Choosing the technology family when the words alone do not settle it, from the
 * catalogue and the vector similarity of the conversation to its models.
 */

/** How far the closest model must be, and ahead of the next family's, for the description alone to name a family. */
export const FAMILY_BY_SIMILARITY = { minimum: 0.25, lead: 0.08 } as const;

/**
 * The family of the model closest to the conversation (pgvector), among those with the
 * objective (and environment) collected, when it leads every other family clearly.
 */
export function familyBySimilarity(
  models: readonly CatalogueModel[],
  slots: AssistantSlots,
  similarity: ReadonlyMap<string, number>,
): string | undefined {
  const best = bestSimilarityByFamily(
    models.filter((m) => m.objective === slots.objective && allows(m, slots.environment)),
    similarity,
  );
  const [first, second] = [...best].sort((a, b) => b[1] - a[1]);
  if (first === undefined || first[1] < FAMILY_BY_SIMILARITY.minimum) return undefined;
  return second === undefined || first[1] - second[1] >= FAMILY_BY_SIMILARITY.lead ? first[0] : undefined;
}

/**
 * Of several families a message names, the one the change is about: the families with
 * an active model fitting the objective (and environment) collected, or all of them when
 * none fits; among those, the one whose closest model is nearest the conversation
 * (pgvector); ties by the order given. Undefined when fewer than two are named.
 */
export function chooseAmongMentioned(
  mentioned: readonly string[],
  models: readonly CatalogueModel[],
  slots: AssistantSlots,
  similarity: ReadonlyMap<string, number>,
): string | undefined {
  if (mentioned.length < 2) return undefined;
  const named = models.filter((m) => mentioned.includes(m.technologyFamily));
  const fitting = named.filter(
    (m) => (slots.objective === undefined || m.objective === slots.objective) && allows(m, slots.environment),
  );
  const best = bestSimilarityByFamily(fitting.length > 0 ? fitting : named, similarity);
  let chosen: string | undefined;
  for (const family of mentioned) {
    const score = best.get(family);
    if (score !== undefined && (chosen === undefined || score > (best.get(chosen) ?? -1))) chosen = family;
  }
  return chosen;
}

function bestSimilarityByFamily(
  models: readonly CatalogueModel[],
  similarity: ReadonlyMap<string, number>,
): Map<string, number> {
  const best = new Map<string, number>();
  for (const model of models) {
    const score = similarity.get(model.sysId) ?? 0;
    best.set(model.technologyFamily, Math.max(best.get(model.technologyFamily) ?? -1, score));
  }
  return best;
}

function allows(model: CatalogueModel, environment: string | undefined): boolean {
  return environment === undefined || (model.environments as readonly string[]).includes(environment);
}
