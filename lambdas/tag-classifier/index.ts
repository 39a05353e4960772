export {
  DEFAULT_FAMILY_WEIGHTS,
  duplicateTextOf,
  resolveTagClassifierOptions,
  type TagClassifier,
  type TagClassifierOptions,
  type TagClassifierState,
  tagClassifierFromState,
  trainTagClassifier,
  trainTagClassifierWithState,
} from './classifier';
export {
  type BlendSettings,
  blendLabelScores,
  blendSettingsOf,
  DEFAULT_LABEL_MODEL_OPTIONS,
  duplicateKeyOf,
  type LabelModel,
  type LabelModelOptions,
  type LabelModelState,
  type LabelPrediction,
  type LinearLearnerState,
  type LinearModelKind,
  type LinearScorerState,
  labelModelFromState,
  linearScorerFromState,
  marginsToProbabilities,
  trainLabelModel,
  trainLabelModelWithState,
  trainLinearScorer,
} from './label-model';
export { type LinearSvm, type LinearSvmOptions, trainLinearSvm } from './linear-svm';
export { buildNeighbourIndex, type Neighbour, type NeighbourIndex } from './nearest-neighbours';
export {
  type OneVsRestDual,
  type OneVsRestSvm,
  type OneVsRestSvmOptions,
  oneVsRestSvmFromDual,
  trainOneVsRestSvm,
} from './one-vs-rest-svm';
export {
  type LabelGuess,
  type LabelledIncident,
  LabelledIncidentSchema,
  TAG_FIELDS,
  type TagClassifierInput,
  TagClassifierInputSchema,
  type TagClassifierOutput,
  TagClassifierOutputSchema,
  type TagField,
} from './schemas';
export {
  type FittedTfidf,
  fitTfidf,
  fitTfidfWithVectors,
  type SparseVector,
  type TermCounts,
  type TfidfOptions,
  type TfidfState,
  type TfidfVectorizer,
  tfidfFromState,
} from './tfidf';
