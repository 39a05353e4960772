import { associateChanges, ChangeAssociatorInputSchema } from '../change-associator';
import { type ContextRetrieverInput, retrieveContext } from '../context-retriever';
import { associateIncidents, IncidentAssociatorInputSchema } from '../incident-associator';
import { findSimilarIncidents, type IncidentSimilarityInput } from '../incident-similarity';
import type { Queryable } from '../shared/db/pool';
import { type Embedder, rememberEmbeddings } from '../shared/embeddings';
import type { Inference } from '../shared/inference';
import { logger } from '../shared/observability';
import { TagClassifierInputSchema } from '../tag-classifier';
import type { TrainedHistory } from '../tag-classifier/history';
import { AgentEventSchema, type AgentReply } from './agent-contract';
import {
  checkSameEvent,
  type ModelContext,
  rankCauses,
  refineTags,
  summariseContext,
  summariseResolutions,
} from './model-steps';
import type { IncidentAgent } from './policy';
import type { UsageTap } from './usage-tap';

/** What the five agents run on; built once per execution environment. */
export interface IncidentAgentDependencies {
  readonly db: Queryable;
  readonly embedder: Embedder;
  /** The inference layer, recording through `usage.ledger`. */
  readonly inference: Inference;
  readonly usage: UsageTap;
  /** The Tag Classifier trained on the database's labelled history (cached). */
  readonly history: () => Promise<TrainedHistory>;
  /** The model alias the agents name. @default 'fast' */
  readonly alias?: string;
}

/** One agent's entry point: an event in (see {@link AgentEventSchema}), a reply out. */
export type IncidentAgentHandler = (event: unknown) => Promise<AgentReply>;

/**
 * The five incident agents as handlers over their dependencies: each parses its event,
 * runs its deterministic core, then its model step as far as the event's model mode
 * allows, and reports the model calls it made (from the inference accounting). The
 * agents' Lambda adapters and the local runtime call these same functions.
 */
export function createIncidentAgentHandlers(
  deps: IncidentAgentDependencies,
): Record<IncidentAgent, IncidentAgentHandler> {
  const alias = deps.alias ?? 'fast';
  // Incident Similarity and Incident Associator embed the same text of an incident.
  const embedder = rememberEmbeddings(deps.embedder);
  const run =
    <T>(
      agent: IncidentAgent,
      work: (input: unknown, ctx: ModelContext) => Promise<{ output: T; asked: boolean; reason: string }>,
    ): IncidentAgentHandler =>
    async (event) => {
      const parsed = AgentEventSchema.parse(event);
      const ctx: ModelContext = {
        inference: deps.inference,
        requestId: parsed.correlationId,
        alias,
        mode: parsed.model,
      };
      try {
        const step = await work(parsed.input, ctx);
        return {
          agent,
          output: step.output,
          model: { asked: step.asked, reason: step.reason },
          usage: deps.usage.take(parsed.correlationId, agent),
        };
      } catch (error) {
        deps.usage.take(parsed.correlationId, agent);
        logger.warn('incident agent failed', { agent, correlationId: parsed.correlationId, error });
        throw error;
      }
    };

  return {
    'tag-classifier': run('tag-classifier', async (raw, ctx) => {
      const input = TagClassifierInputSchema.parse(raw);
      const history = await deps.history();
      const tags = history.classifier.classify(input);
      return refineTags(
        ctx,
        { shortDescription: input.shortDescription, description: input.description },
        tags,
        history.examples,
      );
    }),
    'incident-similarity': run('incident-similarity', async (raw, ctx) => {
      // The agent's core parses its input (once).
      const out = await findSimilarIncidents(deps.db, embedder, raw as IncidentSimilarityInput);
      return summariseResolutions(ctx, out);
    }),
    'incident-associator': run('incident-associator', async (raw, ctx) => {
      const input = IncidentAssociatorInputSchema.parse(raw);
      const out = await associateIncidents(deps.db, embedder, input);
      return checkSameEvent(ctx, input, out, input.threshold);
    }),
    'change-associator': run('change-associator', async (raw, ctx) => {
      const input = ChangeAssociatorInputSchema.parse(raw);
      const out = await associateChanges(deps.db, input);
      return rankCauses(ctx, input, out);
    }),
    'context-retriever': run('context-retriever', async (raw, ctx) => {
      const out = await retrieveContext(deps.db, raw as ContextRetrieverInput);
      return summariseContext(ctx, out);
    }),
  };
}
