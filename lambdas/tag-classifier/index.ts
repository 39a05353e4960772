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
  duplicateKeyOf,
  type LabelModel,
  type LabelModelOptions,
  type LabelPrediction,
  type LinearModelKind,
  trainLabelModel,
  trainLinearScorer,
} from './label-model';
export { type LinearSvm, type LinearSvmOptions, trainLinearSvm } from './linear-svm';
export { buildNeighbourIndex, type Neighbour, type NeighbourIndex } from './nearest-neighbours';
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
