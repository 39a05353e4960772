import { incidentAgentEntry } from '../smart-solver/agent-entry';

/** The Incident Associator agent's Lambda entry point (invoked by the Smart Solver). */
export const handler = incidentAgentEntry('incident-associator');
