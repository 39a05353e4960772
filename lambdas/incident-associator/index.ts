export { associateIncidents } from './associate-incidents';
export { findOpenIncidents, type OpenIncidentQuery } from './find-open-incidents';
export {
  type IncidentAssociatorInput,
  IncidentAssociatorInputSchema,
  type IncidentAssociatorOutput,
  IncidentAssociatorOutputSchema,
  type RelatedOpenIncident,
  RelatedOpenIncidentSchema,
} from './schemas';
export {
  type AssociationSettings,
  type OpenIncidentCandidate,
  scoreOpenIncidents,
} from './score-open-incidents';
