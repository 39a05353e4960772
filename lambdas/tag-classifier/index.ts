export {
  DEFAULT_FAMILY_WEIGHTS,
  duplicateTextOf,
  type TagClassifier,
  type TagClassifierOptions,
  trainTagClassifier,
} from './classifier';
export {
  type BlendSettings,
  blendLabelScores,
  blendSettingsOf,
  DEFAULT_LABEL_MODEL_OPTIONS,
  duplicateKeyOf,
  type LabelModel,
  type LabelModelOptions,
  type LabelPrediction,
  type LinearModelKind,
  marginsToProbabilities,
  trainLabelModel,
  trainLinearScorer,
} from './label-model';
export { type LinearSvm, type LinearSvmOptions, trainLinearSvm } from './linear-svm';
export { buildNeighbourIndex, type Neighbour, type NeighbourIndex } from './nearest-neighbours';
export { type OneVsRestSvm, type OneVsRestSvmOptions, trainOneVsRestSvm } from './one-vs-rest-svm';
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
  type TfidfOptions,
  type TfidfVectorizer,
} from './tfidf';
