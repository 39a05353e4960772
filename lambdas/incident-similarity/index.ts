export { findSimilarIncidents } from './find-similar-incidents';
export {
  type IncidentSimilarityInput,
  IncidentSimilarityInputSchema,
  type IncidentSimilarityOutput,
  IncidentSimilarityOutputSchema,
  type SimilarIncident,
  SimilarIncidentSchema,
} from './schemas';
