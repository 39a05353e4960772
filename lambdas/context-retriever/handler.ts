import { incidentAgentEntry } from '../smart-solver/agent-entry';

/** The Context Retriever agent's Lambda entry point (invoked by the Smart Solver). */
export const handler = incidentAgentEntry('context-retriever');
