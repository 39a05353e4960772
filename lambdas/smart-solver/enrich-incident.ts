import { transformRow } from '../../etl/transform/transform-row';
import {
  claimIncidentEnrichment,
  finishIncidentEnrichment,
  getIncidentEnrichment,
  type IncidentEnrichment,
} from '../shared/db/incident-enrichments';
import type { Queryable } from '../shared/db/pool';
import { AppError } from '../shared/errors';
import type { Incident } from '../shared/records';
import type { AgentEvent, AgentReply, ModelMode } from './agent-contract';
import { agentInputs } from './agent-inputs';
import { headlinesOf } from './headlines';
import type { HeldCalls } from './held-calls';
import { INCIDENT_AGENTS, type IncidentAgent, type PlanEntry, planEnrichment } from './policy';
import { composeWorkNote, runPlannedAgents } from './run-agents';
import { type EnrichmentResult, summariseUsage } from './usage';

/** The ServiceNow call the solver makes (the shared client satisfies it). */
export interface IncidentWriter {
  addWorkNote(table: string, sysId: string, note: string): Promise<unknown>;
}

/** Calls one agent (its Lambda in AWS, its handler in-process locally); aborts on `signal`. */
export type AgentInvoke = (agent: IncidentAgent, event: AgentEvent, signal: AbortSignal) => Promise<AgentReply>;

/** How the solver works. */
export interface SmartSolverSettings {
  /** Each agent's answer is awaited this long. @default 5000 */
  readonly agentTimeoutMs?: number;
  /** Whether a model is configured: without one the agents stay deterministic. */
  readonly modelConfigured: boolean;
  /**
   * `solver`: the policy's plan, the model only where a result is uncertain.
   * `all-agents`: every agent that can run, the model at every step (the cost baseline).
   * @default 'solver'
   */
  readonly mode?: 'solver' | 'all-agents';
  /** @default true */
  readonly writeWorkNote?: boolean;
}

/** What the Smart Solver runs on. */
export interface SmartSolverDependencies {
  readonly db: Queryable;
  readonly invoke: AgentInvoke;
  readonly serviceNow: IncidentWriter;
  readonly settings: SmartSolverSettings;
  /**
   * Where the agents run in this process: their free model calls, held while the
   * enrichment runs and stored with its outcome. @default none (each agent records its calls)
   */
  readonly heldCalls?: Pick<HeldCalls, 'hold' | 'release'>;
}

/**
 * One enrichment to do: the job, and the delivered record when the caller has it — the
 * in-process worker handed the job the moment its row was created, so nothing can have
 * ended it yet and the solver neither reads nor claims the row.
 */
export interface EnrichmentTicket {
  readonly enrichmentId: string;
  readonly correlationId: string;
  readonly record?: unknown;
}

/**
 * The Smart Solver: claims the job and reads the delivered incident (one statement; not
 * needed when the ticket carries the record), plans which agents it needs (with a reason
 * per agent, skipped ones included), invokes the chosen agents in parallel with a
 * timeout each, merges their results (a failed or timed-out agent leaves the others'
 * results and a note), writes a concise work note in the incident's language to
 * ServiceNow, and ends the job with the plan, the result and its usage in one statement.
 * Returns the ended job, or null when the job had already ended (a repeated invocation).
 */
export async function enrichIncident(
  deps: SmartSolverDependencies,
  ticket: EnrichmentTicket,
): Promise<IncidentEnrichment | null> {
  const started = performance.now();
  const { db, settings } = deps;
  let record = ticket.record;
  if (record === undefined) {
    const claimed = await claimIncidentEnrichment(db, ticket.enrichmentId);
    if (claimed === null) {
      if ((await getIncidentEnrichment(db, ticket.enrichmentId)) === null)
        throw new AppError(
          'NOT_FOUND',
          `Incident enrichment ${ticket.enrichmentId} does not exist; nothing to enrich.`,
        );
      return null;
    }
    record = claimed.request;
  }
  const transformed = transformRow('incident', record);
  if (!transformed.ok)
    return finishIncidentEnrichment(db, ticket.enrichmentId, {
      status: 'failed',
      error: `The incident as delivered cannot be read: ${transformed.reason}.`,
    });
  // transformRow parsed it with the incident table's schema (IncidentSchema): not again.
  const incident = transformed.record as Incident;
  const mode = settings.mode ?? 'solver';
  const inputs = agentInputs(incident);
  const plan = mode === 'all-agents' ? planEverything(inputs) : planEnrichment(incident);

  const modelMode: ModelMode = !settings.modelConfigured
    ? 'never'
    : mode === 'all-agents'
      ? 'always'
      : 'when-uncertain';
  const invokers = Object.fromEntries(
    INCIDENT_AGENTS.map((agent) => [
      agent,
      (signal: AbortSignal) =>
        deps.invoke(agent, { correlationId: ticket.correlationId, model: modelMode, input: inputs[agent] }, signal),
    ]),
  );
  deps.heldCalls?.hold(ticket.correlationId);
  const raw = await runPlannedAgents(plan, invokers, { timeoutMs: settings.agentTimeoutMs ?? 5_000 });
  // The outcomes with each agent's own output (the reply's envelope kept aside).
  const outcomes = raw.map((o) => (o.status === 'completed' ? { ...o, output: (o.output as AgentReply).output } : o));
  const replies = new Map(
    raw.filter((o) => o.status === 'completed').map((o) => [o.agent, o.output as AgentReply] as const),
  );

  const note = composeWorkNote(outcomes, headlinesOf(outcomes, incident.language), incident.language);
  const workNote =
    settings.writeWorkNote === false ? { written: false, text: note } : await writeNote(deps, incident, note);
  const failures = outcomes
    .filter((o) => o.status === 'failed' || o.status === 'timed_out')
    .map(
      (o) =>
        `${o.agent} ${o.status === 'failed' ? 'failed' : 'timed out'}: ${o.note ?? ''}; the other agents' results stand`,
    );
  const usage = summariseUsage(plan, raw, replies, Math.round(performance.now() - started));
  const result: EnrichmentResult = {
    incident: {
      sysId: incident.sysId,
      number: incident.number,
      priority: incident.priority,
      language: incident.language,
    },
    mode,
    modelMode,
    plan,
    agents: Object.fromEntries(
      outcomes.map((o) => [
        o.agent,
        {
          status: o.status,
          latencyMs: o.latencyMs,
          ...(o.note === undefined ? {} : { note: o.note }),
          ...(o.status === 'completed' ? { output: o.output, model: replies.get(o.agent)?.model } : {}),
        },
      ]),
    ) as EnrichmentResult['agents'],
    notes: failures,
    workNote,
    usage,
  };
  const ran = outcomes.filter((o) => o.status !== 'skipped');
  const allFailed = ran.length > 0 && ran.every((o) => o.status !== 'completed');
  return finishIncidentEnrichment(
    db,
    ticket.enrichmentId,
    allFailed
      ? {
          status: 'failed',
          error: `Every planned agent failed or timed out: ${failures.join('; ')}`,
          result,
          usage,
          plan,
        }
      : { status: 'completed', result, usage, plan },
    releasedCalls(deps, ticket),
  );
}

/** The held model calls of this enrichment, recorded by the statement that ends it. */
function releasedCalls(deps: SmartSolverDependencies, ticket: EnrichmentTicket) {
  return deps.heldCalls?.release(ticket.correlationId) ?? [];
}

/**
 * {@link enrichIncident}, but an unexpected error (the database gone, a bug) ends the job
 * as failed with the reason instead of leaving it running; the error is returned, not thrown.
 */
export async function enrichIncidentOrFail(
  deps: SmartSolverDependencies,
  ticket: EnrichmentTicket,
): Promise<IncidentEnrichment | null> {
  try {
    return await enrichIncident(deps, ticket);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return finishIncidentEnrichment(
      deps.db,
      ticket.enrichmentId,
      { status: 'failed', error: `The Smart Solver stopped: ${reason}` },
      releasedCalls(deps, ticket),
    ).catch(() => null);
  }
}

function planEverything(inputs: Record<IncidentAgent, unknown | null>): PlanEntry[] {
  return INCIDENT_AGENTS.map((agent) =>
    inputs[agent] === null
      ? { agent, run: false, reason: 'no CI: the agent cannot run' }
      : { agent, run: true, reason: 'all agents every time (baseline)' },
  );
}

async function writeNote(
  deps: SmartSolverDependencies,
  incident: Incident,
  note: string,
): Promise<EnrichmentResult['workNote']> {
  try {
    await deps.serviceNow.addWorkNote('incident', incident.sysId, note);
    return { written: true, text: note };
  } catch (error) {
    return { written: false, text: note, error: error instanceof Error ? error.message : String(error) };
  }
}
