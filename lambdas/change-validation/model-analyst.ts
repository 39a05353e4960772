import { changeRequestEmbeddingText } from '../../etl/transform/embedding-text';
import { type ChangeModelMatch, changeModelMatches, nearestChangeModels } from '../shared/db/change-models';
import type { StatementPart } from '../shared/db/change-validations';
import { toVectorParam } from '../shared/db/pool';
import type { ChangeRequest } from '../shared/records';
import type { Catalogues } from './catalogue';
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
  /** How the candidates were ordered: pgvector alone, or re-ranked by the configured model. */
  readonly ranking: ModelRanking;
  readonly reason: string;
}

/** How the Model Analyst ordered its candidates. */
export interface ModelRanking {
  /** `vector`: pgvector similarity; `model`: the configured model re-ranked the vector candidates. */
  readonly by: 'vector' | 'model';
  /** The model that re-ranked, when one did. */
  readonly modelId?: string;
  /** Why the model's re-rank was not used (a typed inference failure); the vector ranking stands. */
  readonly fallback?: string;
}

/** The agent name the Model Analyst's inference calls are accounted under. */
export const MODEL_ANALYST_AGENT = 'aim-model-analyst';

/**
 * The pgvector candidates of a change as a scalar SQL expression, to read in the step's
 * opening statement (null when the change's text embeds to nothing); map the value
 * with {@link modelCandidatesOf}.
 */
export async function modelCandidatesSql(
  deps: Pick<ChangeValidationDependencies, 'embedder' | 'catalogues'>,
  change: ChangeRequest,
): Promise<StatementPart | null> {
  const vector = await deps.catalogues.embed(deps.embedder, changeRequestEmbeddingText(change));
  if (vector.every((v) => v === 0)) return null;
  // change_validation_model_candidates (migration 018): nearestChangeModelsSql's search, planned once per session.
  return (param) =>
    `change_validation_model_candidates(${param(toVectorParam(vector))}::vector, ${param(MODEL_CANDIDATES)}::integer)`;
}

/** The candidates {@link modelCandidatesSql} read. */
export function modelCandidatesOf(value: unknown): ChangeModelMatch[] {
  return changeModelMatches((value ?? []) as Parameters<typeof changeModelMatches>[0]);
}

/**
 * Matches the change's technical description to the change model catalogue (chg_model)
 * by pgvector similarity, then — where a model is configured for re-ranking — lets the
 * model order those candidates (a typed failure keeps the vector order and says so).
 * Says whether the chosen model fits and recommends the best one with a confidence
 * (its score, discounted when the runner-up is close) and the alternatives.
 */
export async function assessChangeModel(
  deps: Pick<ChangeValidationDependencies, 'db' | 'embedder' | 'catalogues' | 'inference' | 'settings'>,
  change: ChangeRequest,
  catalogues: Pick<Catalogues, 'modelById'>,
  correlationId: string,
  /** The pgvector candidates, when already read (see {@link modelCandidatesSql}). */
  known?: readonly ChangeModelMatch[],
): Promise<ModelAssessment> {
  const text = changeRequestEmbeddingText(change);
  const found =
    known ?? (await nearestChangeModels(deps.db, await deps.catalogues.embed(deps.embedder, text), MODEL_CANDIDATES));
  const vectorCandidates = found.map((f) => ({ sysId: f.sysId, name: f.name, score: round(f.score) }));
  const { candidates, rankScores, ranking } = await rerank(deps, text, vectorCandidates, catalogues, correlationId);
  const [best, second, ...rest] = candidates;
  const bestScore = best === undefined ? 0 : (rankScores.get(best.sysId) ?? 0);
  const chosenModel = change.chgModel === null ? null : (catalogues.modelById.get(change.chgModel)?.model ?? null);
  const chosenScore = change.chgModel === null ? null : (rankScores.get(change.chgModel) ?? null);
  const chosen =
    change.chgModel === null
      ? null
      : {
          sysId: change.chgModel,
          name: chosenModel?.name ?? change.chgModel,
          score: candidates.find((c) => c.sysId === change.chgModel)?.score ?? 0,
          changeType: chosenModel?.changeType ?? null,
        };
  const fits =
    chosen === null || best === undefined
      ? null
      : chosen.sysId === best.sysId || (chosenScore !== null && chosenScore >= bestScore - FIT_MARGIN);
  const secondScore = second === undefined ? 0 : (rankScores.get(second.sysId) ?? 0);
  const confidence =
    best === undefined ? 0 : round(Math.max(0, Math.min(1, bestScore * (0.6 + 4 * (bestScore - secondScore)))));
  const recommended = best === undefined ? null : { ...best, confidence };
  const typeMatches = chosenModel === null ? null : chosenModel.changeType === change.type;
  const alternatives = (
    fits === true && best !== undefined && chosen?.sysId !== best.sysId ? [best, second, ...rest] : [second, ...rest]
  )
    .filter((c): c is ModelCandidate => c !== undefined && c.sysId !== chosen?.sysId)
    .slice(0, 3);
  const how =
    ranking.by === 'model'
      ? ` Ranked by ${ranking.modelId} over the pgvector candidates.`
      : ranking.fallback === undefined
        ? ''
        : ` The model re-rank failed (${ranking.fallback}); the pgvector ranking is kept.`;
  return {
    chosen,
    fits,
    recommended,
    alternatives,
    typeMatches,
    ranking,
    reason: `${
      chosen === null
        ? `No change model chosen; the closest is ${best?.name ?? 'none'}.`
        : fits
          ? `${chosen.name} fits what the change does.`
          : `${chosen.name} is not among the models closest to what the change does; ${best?.name} fits better.`
    }${how}`,
  };
}

/**
 * Re-ranks the vector candidates with the configured model (`settings.rerankAlias`).
 * Without one, or with fewer than two candidates, the vector order stands. The model
 * answers through the inference layer's `rank` (validated, accounted); ids it invents
 * are ignored and candidates it leaves out follow in vector order.
 */
async function rerank(
  deps: Pick<ChangeValidationDependencies, 'inference' | 'settings'>,
  text: string,
  candidates: ModelCandidate[],
  catalogues: Pick<Catalogues, 'modelById'>,
  correlationId: string,
): Promise<{ candidates: ModelCandidate[]; rankScores: Map<string, number>; ranking: ModelRanking }> {
  const vectorScores = new Map(candidates.map((c) => [c.sysId, c.score]));
  const alias = deps.settings.rerankAlias;
  if (alias === undefined || candidates.length < 2)
    return { candidates, rankScores: vectorScores, ranking: { by: 'vector' } };
  const result = await deps.inference.rank({
    agent: MODEL_ANALYST_AGENT,
    requestId: correlationId,
    alias,
    query: text,
    candidates: candidates.map((c) => {
      const model = catalogues.modelById.get(c.sysId)?.model;
      return { id: c.sysId, text: model === undefined ? c.name : `${model.name}. ${model.description}` };
    }),
    top: candidates.length,
  });
  if (!result.ok)
    return {
      candidates,
      rankScores: vectorScores,
      ranking: { by: 'vector', fallback: `${result.reason}: ${result.message}` },
    };
  const byId = new Map(candidates.map((c) => [c.sysId, c]));
  const ranked = result.value.ranking.filter((r) => byId.has(r.id));
  const seen = new Set(ranked.map((r) => r.id));
  const ordered = [
    ...ranked.map((r) => byId.get(r.id) as ModelCandidate),
    ...candidates.filter((c) => !seen.has(c.sysId)),
  ];
  const rankScores = new Map<string, number>(candidates.map((c) => [c.sysId, 0]));
  for (const r of ranked) rankScores.set(r.id, round(r.score));
  return { candidates: ordered, rankScores, ranking: { by: 'model', modelId: result.modelId } };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
