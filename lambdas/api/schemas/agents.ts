import { z } from 'zod';

/** The jobs agents work for. */
export const AGENT_JOBS = ['change-validation', 'incident-enrichment', 'change-model-assistant'] as const;

/** One entry of the agent catalogue (`GET /v1/agents`). */
export const AgentDescriptionSchema = z.object({
  name: z.string().describe('Stable kebab-case name; also the `agent` of its audit rows.'),
  title: z.string(),
  purpose: z.string(),
  version: z.string(),
  job: z.enum(AGENT_JOBS),
  status: z.enum(['available', 'planned']).describe('planned: described here, not built yet.'),
  modelAlias: z.string().nullable().describe('The model alias it calls (configuration), or null when deterministic.'),
  inputSchema: z.record(z.string(), z.unknown()).nullable().describe('JSON Schema of its input; null until defined.'),
  outputSchema: z.record(z.string(), z.unknown()).nullable().describe('JSON Schema of its output; null until defined.'),
});
export type AgentDescription = z.infer<typeof AgentDescriptionSchema>;

export const AgentCatalogueSchema = z.object({ agents: z.array(AgentDescriptionSchema) });
