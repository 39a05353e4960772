import { createHash } from 'node:crypto';
import type { InferenceCallRecord } from '../inference/accounting';
import type { Queryable } from './pool';

/** The audit trail: one row per agent call, tied together by the job's correlation id. */

export const AGENT_RUN_STATUSES = ['succeeded', 'failed'] as const;
export type AgentRunStatus = (typeof AGENT_RUN_STATUSES)[number];

export interface AgentRunInput {
  readonly correlationId: string;
  /** The agent's name, e.g. `rule-extractor`, `smart-solver`. */
  readonly agent: string;
  /** sha256 of the agent's canonical input; see {@link hashAgentInput}. */
  readonly inputHash: string;
  readonly output: unknown;
  /** The model id or alias used; null for deterministic agents. */
  readonly model: string | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly latencyMs: number;
  readonly status: AgentRunStatus;
  /** Why the run failed; required when status is `failed`. */
  readonly error: string | null;
  /** Set for model calls made through the inference layer (migration 012). */
  readonly inference?: InferenceRunDetails;
}

/** What the inference layer records about a model call beside the agent run. */
export interface InferenceRunDetails {
  readonly alias: string;
  readonly provider: 'bedrock' | 'openai-compatible' | 'offline';
  /** `classify`, `judge`, `extract`, `rank` or `summarise`. */
  readonly operation: string;
  /** Estimated from the price table, US dollars. */
  readonly costUsd: number;
  /** Set when a guardrail intervened, with the policies that fired. */
  readonly guardrail: { readonly action: 'INTERVENED'; readonly policies: readonly string[] } | null;
}

export interface AgentRun extends AgentRunInput {
  readonly id: string;
  readonly createdAt: string;
}

interface AgentRunRow {
  id: string;
  correlation_id: string;
  agent: string;
  input_hash: string;
  output: unknown;
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  latency_ms: number;
  status: AgentRunStatus;
  error: string | null;
  alias: string | null;
  provider: InferenceRunDetails['provider'] | null;
  operation: string | null;
  cost_usd: string;
  guardrail_action: 'INTERVENED' | null;
  guardrail_policies: string[] | null;
  created_at: Date;
}

const INSERT_AGENT_RUN = `INSERT INTO agent_runs
       (correlation_id, agent, input_hash, output, model, input_tokens, output_tokens, latency_ms, status, error,
        alias, provider, operation, cost_usd, guardrail_action, guardrail_policies)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`;

function agentRunParams(run: AgentRunInput): unknown[] {
  return [
    run.correlationId,
    run.agent,
    run.inputHash,
    run.output === undefined ? null : JSON.stringify(run.output),
    run.model,
    run.inputTokens,
    run.outputTokens,
    Math.round(run.latencyMs),
    run.status,
    run.error,
    run.inference?.alias ?? null,
    run.inference?.provider ?? null,
    run.inference?.operation ?? null,
    (run.inference?.costUsd ?? 0).toFixed(9),
    run.inference?.guardrail?.action ?? null,
    run.inference?.guardrail ? [...run.inference.guardrail.policies] : null,
  ];
}

/** Records one agent call and returns its id. */
export async function recordAgentRun(db: Queryable, run: AgentRunInput): Promise<string> {
  const { rows } = await db.query<{ id: string }>(INSERT_AGENT_RUN, agentRunParams(run));
  return (rows[0] as { id: string }).id;
}

/**
 * Model calls as the jsonb array `record_model_calls` takes (migration 021; also
 * `finish_incident_enrichment`'s held calls): one agent_runs row per call with the UTC day
 * its spend counts against. The one mapping of a call to its rows — every ledger path
 * (a call recorded at once, a change validation step's held calls, an enrichment's)
 * builds its array here. A call with no output (a failed call) stores SQL NULL.
 */
export function modelCallsJson(calls: readonly InferenceCallRecord[]): string {
  return JSON.stringify(
    calls.map((c) => ({
      correlation_id: c.requestId,
      agent: c.agent,
      input_hash: c.inputHash,
      output: c.output === undefined ? null : c.output,
      model: c.modelId,
      input_tokens: c.inputTokens,
      output_tokens: c.outputTokens,
      latency_ms: Math.round(c.latencyMs),
      status: c.status,
      error: c.error,
      alias: c.alias,
      provider: c.provider,
      operation: c.operation,
      cost_usd: c.costUsd.toFixed(9),
      guardrail_action: c.guardrail?.action ?? null,
      guardrail_policies: c.guardrail === null ? null : c.guardrail.policies,
      day: c.day,
    })),
  );
}

/**
 * Records model calls in one statement (`record_model_calls`, migration 021): an
 * agent_runs row each, and their totals added to each alias's and agent's day in
 * inference_spend — never one without the other. No statement for no calls.
 */
export async function recordModelCalls(db: Queryable, calls: readonly InferenceCallRecord[]): Promise<void> {
  if (calls.length === 0) return;
  await db.query('SELECT record_model_calls($1::jsonb)', [modelCallsJson(calls)]);
}

/** The runs of one job, oldest first. */
export async function listAgentRuns(db: Queryable, correlationId: string): Promise<AgentRun[]> {
  const { rows } = await db.query<AgentRunRow>(
    `SELECT id, correlation_id, agent, input_hash, output, model, input_tokens, output_tokens, latency_ms,
            status, error, alias, provider, operation, cost_usd, guardrail_action, guardrail_policies, created_at
       FROM agent_runs WHERE correlation_id = $1 ORDER BY created_at, id`,
    [correlationId],
  );
  return rows.map((row) => ({
    id: row.id,
    correlationId: row.correlation_id,
    agent: row.agent,
    inputHash: row.input_hash,
    output: row.output,
    model: row.model,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    latencyMs: row.latency_ms,
    status: row.status,
    error: row.error,
    ...(row.alias !== null && row.provider !== null
      ? {
          inference: {
            alias: row.alias,
            provider: row.provider,
            operation: row.operation ?? '',
            costUsd: Number(row.cost_usd),
            guardrail:
              row.guardrail_action === null
                ? null
                : { action: row.guardrail_action, policies: row.guardrail_policies ?? [] },
          },
        }
      : {}),
    createdAt: row.created_at.toISOString(),
  }));
}

/** sha256 (hex) of a value's JSON with object keys sorted, so equal inputs hash equally. */
export function hashAgentInput(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
