export {
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
