import { incidentAgentEntry } from '../smart-solver/agent-entry';

/** The Change Associator agent's Lambda entry point (invoked by the Smart Solver). */
export const handler = incidentAgentEntry('change-associator');
