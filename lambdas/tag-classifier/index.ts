export { type TagClassifier, type TagClassifierOptions, trainTagClassifier } from './classifier';
export { type LabelModel, type LabelModelOptions, type LabelPrediction, trainLabelModel } from './label-model';
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
export { fitTfidf, type SparseVector, type TfidfOptions, type TfidfVectorizer } from './tfidf';
