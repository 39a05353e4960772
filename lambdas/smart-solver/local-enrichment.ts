import { connectServiceNow } from '../../etl/servicenow-connection';
import type { JobTicket, JobWorker } from '../api/jobs/dispatcher';
import { type RuntimeConfig, readRuntimeConfig } from '../shared/config';
import type { IncidentEnrichment } from '../shared/db/incident-enrichments';
import type { Queryable } from '../shared/db/pool';
import type { Embedder } from '../shared/embeddings/embedder';
import { createConfiguredInference, createPostgresLedger, type InferenceLedger } from '../shared/inference';
import { logger } from '../shared/observability';
import { staticCredentials } from '../shared/servicenow';
import { createHistoryClassifierSource, type HistoryOptions } from '../tag-classifier/history';
import { createIncidentAgentHandlers, type IncidentAgentHandler } from './agents';
import { enrichIncidentOrFail, type IncidentWriter, type SmartSolverSettings } from './enrich-incident';
import { createHeldCalls } from './held-calls';
import type { IncidentAgent } from './policy';
import { createUsageTap } from './usage-tap';

/** What the local runtime gives incident enrichment. */
export interface LocalIncidentEnrichmentOptions {
  readonly db: Queryable;
  readonly embedder: Embedder;
  /** The ServiceNow emulator (or a PDI) the work notes go to. */
  readonly serviceNowUrl: string;
  /** @default the ServiceNow client on `serviceNowUrl` with the emulator's OAuth client */
  readonly serviceNow?: IncidentWriter;
  /** @default the database ledger (agent_runs, inference_spend) */
  readonly ledger?: InferenceLedger;
  /** Solver settings. @default the solver's plan, the model where uncertain, 5 s per agent */
  readonly settings?: Partial<SmartSolverSettings>;
  /**
   * The runtime configuration whose model aliases, prices, budgets and provider settings
   * answer the agents' model steps (`MODEL_ALIASES` and the rest, as in AWS).
   * @default the local defaults: every alias offline
   */
  readonly config?: RuntimeConfig;
  /** How the Tag Classifier learns from the database's history. */
  readonly history?: HistoryOptions;
  /** Wraps the agents' handlers, e.g. to inject a failure or a delay in tests. */
  readonly wrap?: (
    handlers: Record<IncidentAgent, IncidentAgentHandler>,
  ) => Record<IncidentAgent, IncidentAgentHandler>;
}

/** Incident enrichment in-process: the same handlers the agents' Lambdas run. */
export interface LocalIncidentEnrichment {
  /** The job worker: starts the enrichment and returns at once. */
  readonly worker: JobWorker;
  /** Settles with the ended job once the enrichment of `jobId` (started here) has ended. */
  settled(jobId: string): Promise<IncidentEnrichment | null> | undefined;
  /** The agents' handlers (bench, eval). */
  readonly handlers: Record<IncidentAgent, IncidentAgentHandler>;
  /**
   * Readies the Tag Classifier now rather than on the first enrichment: waits for the
   * runtime's training (on its own thread) and loads the stored model.
   */
  warm(): Promise<void>;
  /** Switches between the solver's plan and the all-agents baseline for the next enrichments (bench, eval). */
  setMode(mode: 'solver' | 'all-agents'): void;
}

/**
 * Builds incident enrichment for the local runtime: the five agents' handlers over the
 * database, the embedder and the configured inference layer (offline by default; every
 * call recorded), called in-process by the Smart Solver with the same per-agent
 * timeouts as in AWS.
 */
export function createLocalIncidentEnrichment(options: LocalIncidentEnrichmentOptions): LocalIncidentEnrichment {
  // The agents run in this process: with the database ledger, their free calls are stored
  // with the enrichment's outcome (a ledger given by the caller records every call itself).
  const held = options.ledger === undefined ? createHeldCalls(createPostgresLedger(options.db)) : undefined;
  const usage = createUsageTap(held?.ledger ?? (options.ledger as InferenceLedger));
  const inference = createConfiguredInference(options.config ?? readRuntimeConfig({}), {
    embedder: options.embedder,
    ledger: usage.ledger,
    overrides: { metrics: { record: () => undefined } },
  });
  const history = createHistoryClassifierSource(options.db, options.history);
  const base = createIncidentAgentHandlers({ db: options.db, embedder: options.embedder, inference, usage, history });
  const handlers = options.wrap?.(base) ?? base;
  const serviceNow =
    options.serviceNow ??
    connectServiceNow(
      options.serviceNowUrl,
      staticCredentials({ clientId: 'switchyard', clientSecret: 'switchyard-local' }),
      { baseDelayMs: 50 },
    );
  let settings: SmartSolverSettings = { modelConfigured: true, ...options.settings };
  const deps = {
    db: options.db,
    serviceNow,
    invoke: (agent: IncidentAgent, event: unknown) => handlers[agent](event),
    ...(held === undefined ? {} : { heldCalls: held }),
    get settings() {
      return settings;
    },
  };
  const running = new Map<string, Promise<IncidentEnrichment | null>>();
  return {
    handlers,
    warm: async () => {
      await history();
    },
    settled: (jobId) => running.get(jobId),
    setMode: (mode) => {
      settings = { ...settings, mode };
    },
    worker: async (ticket: JobTicket) => {
      const done = enrichIncidentOrFail(deps, {
        enrichmentId: ticket.jobId,
        correlationId: ticket.correlationId,
        record: ticket.record,
      });
      running.set(ticket.jobId, done);
      // Kept a moment for ?wait to pick up, then forgotten (the row holds the outcome).
      done
        .catch((error: unknown) => {
          logger.error('incident enrichment ended in failure', { jobId: ticket.jobId, error });
          return null;
        })
        .finally(() => setTimeout(() => running.delete(ticket.jobId), 60_000).unref());
      return { reference: `local:${ticket.jobId}` };
    },
  };
}
