import { z } from 'zod';
import { LANGUAGES } from '../shared/records';
import { type AgentReply, AgentUsageSchema, MODEL_MODES } from './agent-contract';
import { MAX_MODEL_CALLS } from './agent-inputs';
import { INCIDENT_AGENTS, type IncidentAgent, type PlanEntry, PlanEntrySchema } from './policy';
import type { AgentOutcome } from './run-agents';

/** `result.usage`: the model calls, tokens and estimated cost of the enrichment, latency per agent, and what was saved. */
export const EnrichmentUsageSchema = AgentUsageSchema.extend({
  /** Wall time of the whole enrichment, in ms. */
  latencyMs: z.number().int(),
  perAgent: z.record(
    z.enum(INCIDENT_AGENTS),
    AgentUsageSchema.extend({ latencyMs: z.number().int(), status: z.string() }),
  ),
  savings: z.object({
    /** Agents the plan skipped: invocations not made. */
    agentsSkipped: z.array(z.object({ agent: z.enum(INCIDENT_AGENTS), reason: z.string() })),
    /** Model calls not made against the all-agents mode, at most (each agent's calls when it checks everything). */
    modelCallsAvoidedUpTo: z.number().int(),
  }),
});
export type EnrichmentUsage = z.infer<typeof EnrichmentUsageSchema>;

/** One agent's part of the result. */
export const AgentResultSchema = z.object({
  status: z.enum(['completed', 'failed', 'timed_out', 'skipped']),
  latencyMs: z.number().int(),
  /** Why it failed, timed out or was skipped. */
  note: z.string().optional(),
  /** The agent's output (see the agent's schema in GET /v1/agents). */
  output: z.unknown().optional(),
  model: z.object({ asked: z.boolean(), reason: z.string() }).optional(),
});

/** The stored enrichment: `result` of GET /v1/incident-enrichments/{id}. */
export const EnrichmentResultSchema = z.object({
  incident: z.object({
    sysId: z.string(),
    number: z.string(),
    priority: z.number().int(),
    language: z.enum(LANGUAGES),
  }),
  mode: z.enum(['solver', 'all-agents']),
  modelMode: z.enum(MODEL_MODES),
  /** One entry per agent, skipped agents included. */
  plan: z.array(PlanEntrySchema),
  agents: z.record(z.enum(INCIDENT_AGENTS), AgentResultSchema),
  /** Failures and timeouts, said plainly; the other agents' results stand. */
  notes: z.array(z.string()),
  workNote: z.object({ written: z.boolean(), text: z.string(), error: z.string().optional() }),
  usage: EnrichmentUsageSchema,
});
export type EnrichmentResult = z.infer<typeof EnrichmentResultSchema>;

/** Sums the agents' reported usage, with latency per agent and the savings of the plan. */
export function summariseUsage(
  plan: readonly PlanEntry[],
  outcomes: readonly AgentOutcome[],
  replies: ReadonlyMap<IncidentAgent, AgentReply>,
  latencyMs: number,
): EnrichmentUsage {
  const perAgent = {} as EnrichmentUsage['perAgent'];
  let modelCalls = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let cost = 0;
  let avoided = 0;
  for (const o of outcomes) {
    const u = replies.get(o.agent)?.usage ?? { modelCalls: 0, inputTokens: 0, outputTokens: 0, estimatedCostUsd: 0 };
    perAgent[o.agent] = { ...u, latencyMs: o.latencyMs, status: o.status };
    modelCalls += u.modelCalls;
    inputTokens += u.inputTokens;
    outputTokens += u.outputTokens;
    cost += u.estimatedCostUsd;
    avoided += Math.max(0, MAX_MODEL_CALLS[o.agent] - u.modelCalls);
  }
  return {
    modelCalls,
    inputTokens,
    outputTokens,
    estimatedCostUsd: Number(cost.toFixed(6)),
    latencyMs,
    perAgent,
    savings: {
      agentsSkipped: plan.filter((p) => !p.run).map((p) => ({ agent: p.agent, reason: p.reason })),
      modelCallsAvoidedUpTo: avoided,
    },
  };
}
