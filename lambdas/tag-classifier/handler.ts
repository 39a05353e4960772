import { incidentAgentEntry } from '../smart-solver/agent-entry';

/** The Tag Classifier agent's Lambda entry point (invoked by the Smart Solver). */
export const handler = incidentAgentEntry('tag-classifier');
