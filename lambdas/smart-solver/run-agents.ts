import type { IncidentAgent, PlanEntry } from './policy';

/** Calls one agent; should stop work when `signal` aborts (the solver's timeout). */
export type AgentInvoker = (signal: AbortSignal) => Promise<unknown>;

/** What happened to one agent in a run. */
export interface AgentOutcome {
  readonly agent: IncidentAgent;
  readonly status: 'completed' | 'failed' | 'timed_out' | 'skipped';
  readonly output?: unknown;
  /** Why it failed, timed out or was skipped, in words a technician can read. */
  readonly note?: string;
  readonly latencyMs: number;
}

/**
 * Invokes the agents the plan runs, in parallel, each with its own timeout; an agent
 * that throws or times out leaves the others' results intact and says what happened.
 * Skipped agents are reported with the plan's reason. Never throws.
 */
export async function runPlannedAgents(
  plan: readonly PlanEntry[],
  invokers: Partial<Record<IncidentAgent, AgentInvoker>>,
  options: { readonly timeoutMs?: number } = {},
): Promise<AgentOutcome[]> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return Promise.all(
    plan.map(async (entry): Promise<AgentOutcome> => {
      if (!entry.run) return { agent: entry.agent, status: 'skipped', note: entry.reason, latencyMs: 0 };
      const invoke = invokers[entry.agent];
      if (invoke === undefined)
        return { agent: entry.agent, status: 'failed', note: 'no invoker is configured for this agent', latencyMs: 0 };
      const controller = new AbortController();
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      try {
        const result = await Promise.race([invoke(controller.signal).then((output) => ({ output })), timeout]);
        const latencyMs = Math.round(performance.now() - started);
        if (result === 'timeout') {
          controller.abort();
          return { agent: entry.agent, status: 'timed_out', note: `no answer within ${timeoutMs} ms`, latencyMs };
        }
        return { agent: entry.agent, status: 'completed', output: result.output, latencyMs };
      } catch (error) {
        return {
          agent: entry.agent,
          status: 'failed',
          note: error instanceof Error ? error.message : String(error),
          latencyMs: Math.round(performance.now() - started),
        };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

const NOTE_WORDS = {
  en: {
    header: 'Switchyard Smart Solver',
    done: 'done',
    failed: 'failed',
    timed_out: 'timed out',
    stand: 'the other results stand',
    notNeeded: 'Not needed',
  },
  es: {
    header: 'Switchyard Smart Solver (enriquecimiento)',
    done: 'hecho',
    failed: 'falló',
    timed_out: 'sin respuesta a tiempo',
    stand: 'el resto de resultados es válido',
    notNeeded: 'No necesarios',
  },
} as const;

/**
 * A concise ServiceNow work note in the incident's language: what ran, the headline of
 * each result, what failed or timed out (the others' results stand), and what was not needed.
 */
export function composeWorkNote(
  outcomes: readonly AgentOutcome[],
  headlines: Partial<Record<IncidentAgent, string>>,
  language: 'en' | 'es' = 'en',
): string {
  const w = NOTE_WORDS[language];
  const lines: string[] = [w.header];
  for (const o of outcomes) {
    if (o.status === 'completed') lines.push(`- ${o.agent}: ${headlines[o.agent] ?? w.done}`);
    else if (o.status !== 'skipped') lines.push(`- ${o.agent}: ${w[o.status]} (${o.note ?? ''}); ${w.stand}`);
  }
  const skipped = outcomes.filter((o) => o.status === 'skipped').map((o) => o.agent);
  if (skipped.length > 0) lines.push(`${w.notNeeded}: ${skipped.join(', ')}.`);
  return lines.join('\n');
}
