export {
  ASSISTANT_AGENT,
  type ChangeModelAssistantDependencies,
  createChangeModelAssistant,
  createTurnHandler,
  replyLanguage,
  type TurnOutcome,
  textAfterCorrection,
} from './assistant';
export { type CatalogueModel, loadActiveCatalogue } from './catalogue';
export {
  buildChangeFormUrl,
  buildEncodedQuery,
  type ChangeFormFields,
  encodedQueryValue,
  parseChangeFormUrl,
} from './form-link';
export { buildCatalogueLexicon, type CatalogueLexicon, SLOT_ORDER, type SlotName } from './lexicon';
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
