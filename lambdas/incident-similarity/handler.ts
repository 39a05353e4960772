import { incidentAgentEntry } from '../smart-solver/agent-entry';

/** The Incident Similarity agent's Lambda entry point (invoked by the Smart Solver). */
export const handler = incidentAgentEntry('incident-similarity');
