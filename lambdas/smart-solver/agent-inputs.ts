import type { Incident } from '../shared/records';
import type { IncidentAgent } from './policy';

/**
 * Each agent's input for an incident, or null when the agent cannot run on it (the
 * Change Associator and the Context Retriever start from the CI).
 */
export function agentInputs(incident: Incident): Record<IncidentAgent, unknown | null> {
  const text = { shortDescription: incident.shortDescription, description: incident.description };
  return {
    'tag-classifier': text,
    'incident-similarity': { incidentSysId: incident.sysId, ...text },
    'incident-associator': {
      incidentSysId: incident.sysId,
      ...text,
      cmdbCi: incident.cmdbCi,
      businessService: incident.businessService,
      openedAt: incident.openedAt,
    },
    'change-associator':
      incident.cmdbCi === null
        ? null
        : {
            incidentSysId: incident.sysId,
            cmdbCi: incident.cmdbCi,
            openedAt: incident.openedAt,
            shortDescription: incident.shortDescription,
          },
    'context-retriever': incident.cmdbCi === null ? null : { cmdbCi: incident.cmdbCi, asOf: incident.openedAt },
  };
}

/** The most model calls each agent makes in the `always` mode: the yardstick of what a skip saves. */
export const MAX_MODEL_CALLS: Readonly<Record<IncidentAgent, number>> = {
  'tag-classifier': 3,
  'incident-similarity': 1,
  'incident-associator': 1,
  'change-associator': 1,
  'context-retriever': 1,
};
