import { z } from 'zod';
import { AssistantTurnOutputSchema } from '../../change-model-assistant/recommend';
import {
  ContentValidatorInputSchema,
  ContentValidatorOutputSchema,
  ModelAnalystInputSchema,
  ModelAssessmentSchema,
  PhaseTransitionInputSchema,
  PhaseTransitionOutputSchema,
  RuleExtractorInputSchema,
  RuleExtractorOutputSchema,
} from '../../change-validation/agents';
import { INCIDENT_AGENT_SCHEMAS } from '../../smart-solver/catalogue-schemas';
import { EnrichmentResultSchema } from '../../smart-solver/usage';
import type { AGENT_JOBS, AgentDescription } from '../schemas/agents';
import { PostMessageBodySchema } from '../schemas/assistant';
import { IncidentRecordSchema } from '../schemas/records';

/**
 * The agent catalogue, as data: every agent DESIGN.md names for the three jobs. Each
 * job's issue flips its agents to `available` and sets their input and output schemas
 * (the zod schemas the agent validates with) as it builds them; `GET /v1/agents`
 * serves this list as JSON Schema.
 */
export interface AgentEntry {
  readonly name: string;
  readonly title: string;
  readonly purpose: string;
  readonly version: string;
  readonly job: (typeof AGENT_JOBS)[number];
  readonly status: 'available' | 'planned';
  /** A key of `modelAliases` (lib/config.ts), or null for a deterministic agent. */
  readonly modelAlias: string | null;
  readonly input?: z.ZodType;
  readonly output?: z.ZodType;
}

export const AGENT_CATALOGUE: readonly AgentEntry[] = [
  {
    name: 'rule-extractor',
    title: 'Rule Extractor',
    purpose:
      'Selects the change policy rules that apply to the change (type, model, CI class, environment, risk), plus the nearest policy passages by vector search.',
    version: '1.0.0',
    job: 'change-validation',
    status: 'available',
    modelAlias: 'embed',
    input: RuleExtractorInputSchema,
    output: RuleExtractorOutputSchema,
  },
  {
    name: 'content-validator',
    title: 'Content Validator',
    purpose:
      'Evaluates every selected rule (deterministic checks in code, semantic questions through judge) and stores one finding per rule.',
    version: '1.0.0',
    job: 'change-validation',
    status: 'available',
    modelAlias: 'reasoning',
    input: ContentValidatorInputSchema,
    output: ContentValidatorOutputSchema,
  },
  {
    name: 'aim-model-analyst',
    title: 'AIM Model Analyst',
    purpose:
      'Checks by pgvector similarity that the chosen change model fits what the change does, and recommends the best one with confidence and alternatives.',
    version: '1.0.0',
    job: 'change-validation',
    status: 'available',
    modelAlias: 'embed',
    input: ModelAnalystInputSchema,
    output: ModelAssessmentSchema,
  },
  {
    name: 'phase-transition',
    title: 'Phase Transition',
    purpose:
      'Decides ready / needs_changes / needs_review, writes the work note (and the state out of New when auto-transition is on) to ServiceNow, and ends the job.',
    version: '1.0.0',
    job: 'change-validation',
    status: 'available',
    modelAlias: null,
    input: PhaseTransitionInputSchema,
    output: PhaseTransitionOutputSchema,
  },
  {
    name: 'smart-solver',
    title: 'Smart Solver',
    purpose:
      'Decides which enrichment agents an incident needs (a deterministic policy, with a reason per agent), runs them in parallel with timeouts, stores one enrichment with its usage and writes a work note.',
    version: '1.0.0',
    job: 'incident-enrichment',
    status: 'available',
    modelAlias: null,
    input: IncidentRecordSchema,
    output: EnrichmentResultSchema,
  },
  {
    name: 'tag-classifier',
    title: 'Tag Classifier',
    purpose:
      'Suggests category, subcategory, assignment group and free tags with confidences from labelled history; asks the model only about uncertain fields.',
    version: '1.0.0',
    job: 'incident-enrichment',
    status: 'available',
    modelAlias: 'fast',
    ...INCIDENT_AGENT_SCHEMAS['tag-classifier'],
  },
  {
    name: 'incident-similarity',
    title: 'Incident Similarity',
    purpose: 'Finds resolved incidents like this one (pgvector) and how the best matches were fixed.',
    version: '1.0.0',
    job: 'incident-enrichment',
    status: 'available',
    modelAlias: 'fast',
    ...INCIDENT_AGENT_SCHEMAS['incident-similarity'],
  },
  {
    name: 'incident-associator',
    title: 'Incident Associator',
    purpose:
      'Finds open incidents that are probably the same event (same CI or service, time window, similarity): parent / major incident candidates, with reasons.',
    version: '1.0.0',
    job: 'incident-enrichment',
    status: 'available',
    modelAlias: 'fast',
    ...INCIDENT_AGENT_SCHEMAS['incident-associator'],
  },
  {
    name: 'change-associator',
    title: 'Change Associator',
    purpose:
      'Ranks changes implemented shortly before the incident on its CI or CMDB neighbours as likely causes, with reasons.',
    version: '1.0.0',
    job: 'incident-enrichment',
    status: 'available',
    modelAlias: 'fast',
    ...INCIDENT_AGENT_SCHEMAS['change-associator'],
  },
  {
    name: 'context-retriever',
    title: 'Context Retriever',
    purpose: 'Gathers the affected CI’s details, relationships, support group and recent incidents and changes.',
    version: '1.0.0',
    job: 'incident-enrichment',
    status: 'available',
    modelAlias: null,
    ...INCIDENT_AGENT_SCHEMAS['context-retriever'],
  },
  {
    name: 'change-model-assistant',
    title: 'Change Model Assistant',
    purpose:
      'Asks for technology family, objective and environment, recommends change models, links a pre-filled form.',
    version: '1.0.0',
    job: 'change-model-assistant',
    status: 'available',
    modelAlias: 'fast',
    input: PostMessageBodySchema,
    output: AssistantTurnOutputSchema,
  },
];

/** The catalogue as `GET /v1/agents` serves it: schemas as JSON Schema (draft 2020-12). */
export function describeAgents(catalogue: readonly AgentEntry[] = AGENT_CATALOGUE): AgentDescription[] {
  return catalogue.map((agent) => ({
    name: agent.name,
    title: agent.title,
    purpose: agent.purpose,
    version: agent.version,
    job: agent.job,
    status: agent.status,
    modelAlias: agent.modelAlias,
    inputSchema: agent.input === undefined ? null : toJsonSchema(agent.input, 'input'),
    outputSchema: agent.output === undefined ? null : toJsonSchema(agent.output, 'output'),
  }));
}

/** A zod schema as JSON Schema draft 2020-12 (what OpenAPI 3.1 embeds). */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    reused: 'inline',
  }) as Record<string, unknown>;
  return json;
}
