import { z } from 'zod';
import { INCIDENT_AGENTS } from './policy';

/**
 * How the model may be used by an agent of one enrichment:
 * - `never`: deterministic only;
 * - `when-uncertain`: only for what the agent's deterministic result leaves open
 *   (uncertain tags, a borderline same-event score, a near tie between causes…);
 * - `always`: every step that can use the model does (the "all agents every time" baseline).
 */
export const MODEL_MODES = ['never', 'when-uncertain', 'always'] as const;
export type ModelMode = (typeof MODEL_MODES)[number];

/** The event every incident agent's Lambda receives from the Smart Solver. */
export const AgentEventSchema = z.object({
  /** The job's correlation id: logger keys and the inference audit trail. */
  correlationId: z.string().min(1),
  model: z.enum(MODEL_MODES).default('when-uncertain'),
  /** The agent's own input, validated by the agent's schema. */
  input: z.unknown(),
});
export type AgentEvent = z.input<typeof AgentEventSchema>;

/** The model calls one agent made, from the inference layer's accounting. */
export const AgentUsageSchema = z.object({
  modelCalls: z.number().int().min(0),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  /** By the configured price table (US dollars). */
  estimatedCostUsd: z.number().min(0),
});
export type AgentUsage = z.infer<typeof AgentUsageSchema>;

/** What an agent answers: its output, whether it asked the model and why, and the usage. */
export const AgentReplySchema = z.object({
  agent: z.enum(INCIDENT_AGENTS),
  output: z.unknown(),
  model: z.object({ asked: z.boolean(), reason: z.string() }),
  usage: AgentUsageSchema,
});
export type AgentReply = z.infer<typeof AgentReplySchema>;

/** No model call. */
export const NO_USAGE: AgentUsage = { modelCalls: 0, inputTokens: 0, outputTokens: 0, estimatedCostUsd: 0 };
