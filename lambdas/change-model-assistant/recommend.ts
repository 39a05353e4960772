import { z } from 'zod';
import { extractConcepts } from '../shared/embeddings/bilingual-lexicon';
import { tokenize } from '../shared/embeddings/text-normalization';
import type { Language } from '../shared/records';
import type { CatalogueModel } from './catalogue';
import { buildChangeFormUrl } from './form-link';
import type { CatalogueLexicon } from './lexicon';
import { label } from './phrases';

/** The slots collected so far: each a catalogue value, or absent. */
export const AssistantSlotsSchema = z.object({
  technologyFamily: z.string().optional().describe('A technology_family of the catalogue, e.g. database, network.'),
  objective: z.string().optional().describe('An objective of the catalogue, e.g. upgrade, configuration.'),
  environment: z.string().optional().describe('production, staging, test, development or disaster_recovery.'),
  changeModel: z.string().optional().describe('The sys_id of the model the user picked among equally fitting ones.'),
});
export type AssistantSlots = z.infer<typeof AssistantSlotsSchema>;

/** One recommended change model. */
export const RecommendationSchema = z.object({
  rank: z.number().int().min(1),
  sysId: z.string().describe('sys_id of the change model (chg_model).'),
  name: z.string(),
  changeType: z.string(),
  score: z
    .number()
    .describe(
      'Slot matches (family 3, objective 2, environment 1, a chosen model 2) plus vector similarity (0–1) plus name words (0.5 each, at most 1).',
    ),
  similarity: z.number().describe('Cosine similarity of the conversation to the model (pgvector).'),
  reasons: z.array(z.string()).describe('Why it ranks here, in the conversation language.'),
  formUrl: z.string().describe('Opens a new change request in ServiceNow with this model and the collected fields.'),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

/** Weights of the ranking; the score explains itself through the reasons. */
export const RANKING_WEIGHTS = {
  family: 3,
  objective: 2,
  environment: 1,
  chosen: 2,
  nameTerm: 0.5,
  nameTermCap: 1,
} as const;

/** What the ranking looks at. */
export interface RankingInput {
  readonly models: readonly CatalogueModel[];
  readonly slots: AssistantSlots;
  /** Vector similarity of the conversation to each model, by sys_id (missing = 0). */
  readonly similarity: ReadonlyMap<string, number>;
  /** Everything the user said, for the name words. */
  readonly userText: string;
  readonly lexicon: CatalogueLexicon;
}

/** A model with its score, before it becomes a recommendation. */
export interface ScoredModel {
  readonly model: CatalogueModel;
  readonly score: number;
  readonly similarity: number;
  readonly familyMatch: boolean;
  readonly objectiveMatch: boolean;
  readonly environmentMatch: boolean;
  readonly nameTerms: readonly string[];
}

/**
 * Ranks the catalogue for the slots: a model of another technology family than the one
 * collected is left out; the rest are scored by the slots they match, the vector
 * similarity, and the words of their names the user used. Highest first; ties by name.
 */
export function rankModels(input: RankingInput): ScoredModel[] {
  const tokens = tokenize(input.userText);
  const words = new Set(tokens);
  const concepts = new Set([...extractConcepts(tokens, 'en'), ...extractConcepts(tokens, 'es')]);
  const w = RANKING_WEIGHTS;
  return input.models
    .filter((m) => input.slots.technologyFamily === undefined || m.technologyFamily === input.slots.technologyFamily)
    .map((model) => {
      const familyMatch = model.technologyFamily === input.slots.technologyFamily;
      const objectiveMatch = model.objective === input.slots.objective;
      const environment = input.slots.environment;
      const environmentMatch =
        environment !== undefined && (model.environments as readonly string[]).includes(environment);
      const nameTerms = (input.lexicon.modelTerms.get(model.sysId) ?? []).filter(
        (term) => words.has(term) || extractConcepts([term], 'en').some((c) => concepts.has(c)),
      );
      const similarity = input.similarity.get(model.sysId) ?? 0;
      const score =
        (familyMatch ? w.family : 0) +
        (objectiveMatch ? w.objective : 0) +
        (environmentMatch ? w.environment : environment === undefined ? 0 : -w.environment) +
        (input.slots.changeModel === model.sysId ? w.chosen : 0) +
        Math.min(w.nameTermCap, nameTerms.length * w.nameTerm) +
        similarity;
      return { model, score, similarity, familyMatch, objectiveMatch, environmentMatch, nameTerms };
    })
    .sort((a, b) => b.score - a.score || a.model.name.localeCompare(b.model.name));
}

/** The models that match every slot collected (family, objective and, when known, environment). */
export function fullyMatching(scored: readonly ScoredModel[], slots: AssistantSlots): ScoredModel[] {
  return scored.filter(
    (s) => s.familyMatch && s.objectiveMatch && (slots.environment === undefined || s.environmentMatch),
  );
}

/** The top `count` scored models as recommendations, with reasons and pre-filled links. */
export function toRecommendations(
  scored: readonly ScoredModel[],
  context: {
    readonly slots: AssistantSlots;
    readonly language: Language;
    readonly instanceUrl: string;
    readonly summary: string;
    readonly count?: number;
  },
): Recommendation[] {
  const { slots, language } = context;
  return scored.slice(0, context.count ?? 3).map((s, index) => ({
    rank: index + 1,
    sysId: s.model.sysId,
    name: s.model.name,
    changeType: s.model.changeType,
    score: round(s.score),
    similarity: round(s.similarity),
    reasons: reasonsFor(s, slots, language),
    formUrl: buildChangeFormUrl(context.instanceUrl, {
      chg_model: s.model.sysId,
      type: s.model.changeType,
      ...(slots.environment === undefined ? {} : { u_environment: slots.environment }),
      short_description: shortDescription(s.model, slots, language),
      description: context.summary,
    }),
  }));
}

function reasonsFor(s: ScoredModel, slots: AssistantSlots, language: Language): string[] {
  const es = language === 'es';
  const reasons: string[] = [];
  if (s.familyMatch)
    reasons.push(
      es
        ? `tecnología ${label(s.model.technologyFamily, language)}`
        : `technology ${label(s.model.technologyFamily, language)}`,
    );
  if (s.objectiveMatch)
    reasons.push(
      es ? `objetivo ${label(s.model.objective, language)}` : `objective ${label(s.model.objective, language)}`,
    );
  else if (slots.objective !== undefined)
    reasons.push(
      es
        ? `su objetivo es ${label(s.model.objective, language)}, no ${label(slots.objective, language)}`
        : `its objective is ${label(s.model.objective, language)}, not ${label(slots.objective, language)}`,
    );
  if (slots.environment !== undefined) {
    const env = label(slots.environment, language);
    reasons.push(
      s.environmentMatch
        ? es
          ? `admitido en ${env}`
          : `allowed in ${env}`
        : es
          ? `no admitido en ${env}`
          : `not allowed in ${env}`,
    );
  }
  if (s.nameTerms.length > 0)
    reasons.push(es ? `menciona ${s.nameTerms.join(', ')}` : `you mentioned ${s.nameTerms.join(', ')}`);
  reasons.push(
    es
      ? `similitud con la conversación ${s.similarity.toFixed(2)}`
      : `similarity to the conversation ${s.similarity.toFixed(2)}`,
  );
  reasons.push(es ? `cambio de tipo ${s.model.changeType}` : `${s.model.changeType} change`);
  return reasons;
}

function shortDescription(model: CatalogueModel, slots: AssistantSlots, language: Language): string {
  const name = model.name.replace(/^(Standard|Normal|Emergency)\s*-\s*/i, '');
  const env = slots.environment === undefined ? '' : ` (${label(slots.environment, language)})`;
  return `${name}${env}`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** What one assistant turn produces (the agent catalogue's output schema). */
export const AssistantTurnOutputSchema = z.object({
  reply: z.string().describe('One question for the first missing slot, or the recommendation and why.'),
  slots: AssistantSlotsSchema,
  recommendations: z.array(RecommendationSchema).describe('Empty until the slots are filled; best first.'),
});
