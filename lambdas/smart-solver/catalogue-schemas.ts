import type { z } from 'zod';
import { ChangeAssociatorInputSchema, ChangeAssociatorOutputSchema } from '../change-associator';
import { ContextRetrieverInputSchema, ContextRetrieverOutputSchema } from '../context-retriever';
import { IncidentAssociatorInputSchema, IncidentAssociatorOutputSchema } from '../incident-associator';
import { IncidentSimilarityInputSchema, IncidentSimilarityOutputSchema } from '../incident-similarity';
import { TagClassifierInputSchema, TagClassifierOutputSchema } from '../tag-classifier';
import { AgentEventSchema, AgentReplySchema } from './agent-contract';
import type { IncidentAgent } from './policy';

/** An agent's Lambda event and reply schemas with its own input and output inside. */
function lambdaSchemas(input: z.ZodType, output: z.ZodType): { input: z.ZodType; output: z.ZodType } {
  return { input: AgentEventSchema.extend({ input }), output: AgentReplySchema.extend({ output }) };
}

/** Each agent's Lambda event and reply with its own input and output schemas, for the agent catalogue. */
export const INCIDENT_AGENT_SCHEMAS: Readonly<Record<IncidentAgent, { input: z.ZodType; output: z.ZodType }>> = {
  'tag-classifier': lambdaSchemas(TagClassifierInputSchema, TagClassifierOutputSchema),
  'incident-similarity': lambdaSchemas(IncidentSimilarityInputSchema, IncidentSimilarityOutputSchema),
  'incident-associator': lambdaSchemas(IncidentAssociatorInputSchema, IncidentAssociatorOutputSchema),
  'change-associator': lambdaSchemas(ChangeAssociatorInputSchema, ChangeAssociatorOutputSchema),
  'context-retriever': lambdaSchemas(ContextRetrieverInputSchema, ContextRetrieverOutputSchema),
};
