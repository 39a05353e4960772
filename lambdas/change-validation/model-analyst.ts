import { changeRequestEmbeddingText } from '../../etl/transform/embedding-text';
import { getChangeModel } from '../shared/db/change-models';
import { findSimilar } from '../shared/db/similar';
import type { ChangeRequest } from '../shared/records';
import type { ChangeValidationDependencies } from './dependencies';

/** How many change models vector search considers. */
export const MODEL_CANDIDATES = 4;
/** The chosen model fits when its similarity is within this margin of the best one's. */
export const FIT_MARGIN = 0.05;

/** A change model as the assessment names it. */
export interface ModelCandidate {
  readonly sysId: string;
  readonly name: string;
  /** Cosine similarity of the change's text to the model's (−1..1). */
  readonly score: number;
}

/** The AIM Model Analyst's assessment; small enough to pass between states. */
export interface ModelAssessment {
  /** The model the change names, with its similarity; null when it names none. */
  readonly chosen: (ModelCandidate & { readonly changeType: string | null }) | null;
  /** Whether the chosen model fits what the change does; null when none is chosen. */
  readonly fits: boolean | null;
  /** The best-matching model, with a confidence 0..1. */
  readonly recommended: (ModelCandidate & { readonly confidence: number }) | null;
  /** The next best models. */
  readonly alternatives: ModelCandidate[];
  /** True when the chosen model's change type is the change's type. */
  readonly typeMatches: boolean | null;
  readonly reason: string;
}

/**
 * Matches the change's technical description to the change model catalogue (chg_model)
 * by pgvector similarity, says whether the chosen model fits, and recommends the best
 * one with a confidence (its similarity, discounted when the runner-up is close) and
 * the alternatives.
 */
export async function assessChangeModel(
  deps: Pick<ChangeValidationDependencies, 'db' | 'embedder'>,
  change: ChangeRequest,
): Promise<ModelAssessment> {
  const [vector] = await deps.embedder.embed([changeRequestEmbeddingText(change)]);
  const found =
    vector === undefined
      ? []
      : await findSimilar(deps.db, {
          table: 'change_models',
          embedding: vector,
          k: MODEL_CANDIDATES,
          filters: { active: true },
        });
  const candidates = found.map((f) => ({ sysId: f.id, name: f.title, score: round(f.score) }));
  const [best, second, ...rest] = candidates;
  const chosenModel = change.chgModel === null ? null : await getChangeModel(deps.db, change.chgModel);
  const chosenScore = candidates.find((c) => c.sysId === change.chgModel)?.score ?? null;
  const chosen =
    change.chgModel === null
      ? null
      : {
          sysId: change.chgModel,
          name: chosenModel?.name ?? change.chgModel,
          score: chosenScore ?? 0,
          changeType: chosenModel?.changeType ?? null,
        };
  const fits =
    chosen === null || best === undefined
      ? null
      : chosen.sysId === best.sysId || (chosenScore !== null && chosenScore >= best.score - FIT_MARGIN);
  const confidence =
    best === undefined
      ? 0
      : round(Math.max(0, Math.min(1, best.score * (0.6 + 4 * (best.score - (second?.score ?? 0))))));
  const recommended = best === undefined ? null : { ...best, confidence };
  const typeMatches = chosenModel === null ? null : chosenModel.changeType === change.type;
  const alternatives = (
    fits === true && best !== undefined && chosen?.sysId !== best.sysId ? [best, second, ...rest] : [second, ...rest]
  )
    .filter((c): c is ModelCandidate => c !== undefined && c.sysId !== chosen?.sysId)
    .slice(0, 3);
  return {
    chosen,
    fits,
    recommended,
    alternatives,
    typeMatches,
    reason:
      chosen === null
        ? `No change model chosen; the closest is ${best?.name ?? 'none'}.`
        : fits
          ? `${chosen.name} fits what the change does.`
          : `${chosen.name} is not among the models closest to what the change does; ${best?.name} fits better.`,
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
