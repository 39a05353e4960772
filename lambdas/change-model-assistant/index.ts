export {
  ASSISTANT_AGENT,
  type ChangeModelAssistantDependencies,
  createChangeModelAssistant,
  createTurnHandler,
  type TurnOutcome,
} from './assistant';
export { type CatalogueModel, type CatalogueSearch, loadActiveCatalogue, searchCatalogue } from './catalogue';
export { chooseAmongMentioned, FAMILY_BY_SIMILARITY, familyBySimilarity } from './family-choice';
export {
  buildChangeFormUrl,
  buildEncodedQuery,
  type ChangeFormFields,
  encodedQueryValue,
  parseChangeFormUrl,
} from './form-link';
export { buildCatalogueLexicon, type CatalogueLexicon, SLOT_ORDER, type SlotName } from './lexicon';
export { familiesMentioned, type Mention, mentionsOf, resolveMentions } from './mentions';
export { formSummary, replyLanguage, textAfterCorrection } from './message-text';
export {
  type AssistantSlots,
  AssistantSlotsSchema,
  AssistantTurnOutputSchema,
  RANKING_WEIGHTS,
  type Recommendation,
  RecommendationSchema,
  rankModels,
  type ScoredModel,
} from './recommend';
export {
  aliasServedByModel,
  checkRefinedWording,
  REFINED_MAX_CHARS,
  REFINED_MAX_SENTENCES,
  type RefineContext,
  refineWording,
  type WordingFacts,
} from './wording';
