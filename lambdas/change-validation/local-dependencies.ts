import { connectServiceNow } from '../../etl/servicenow-connection';
import { type RuntimeConfig, readRuntimeConfig } from '../shared/config';
import type { ChangeValidationWithFindings } from '../shared/db/change-validations';
import type { Queryable } from '../shared/db/pool';
import type { Embedder } from '../shared/embeddings/embedder';
import { createConfiguredInference, createPostgresLedger, type Inference } from '../shared/inference';
import { createBufferedLedger } from '../shared/inference/ledger-buffer';
import { staticCredentials } from '../shared/servicenow';
import { createAgentHandlers } from './agents';
import { createCatalogueCache } from './catalogue';
import { changeOf } from './change-input';
import { createChangeMemo } from './change-memo';
import {
  BUFFERED_LEDGER_AGENTS,
  type ChangeValidationDependencies,
  type ChangeWriter,
  rerankAliasOf,
} from './dependencies';
import { createLocalChangeValidationExecutor, type LocalChangeValidationExecutor } from './local-executor';

/** What the local runtime gives the change validation pipeline. */
export interface LocalChangeValidationOptions {
  readonly db: Queryable;
  readonly embedder: Embedder;
  /** The ServiceNow emulator (or a PDI) the Phase Transition writes to. */
  readonly serviceNowUrl: string;
  /** @default true locally */
  readonly autoTransition?: boolean;
  /** @default the inference layer `config` describes, accounted in the database */
  readonly inference?: Inference;
  /**
   * The runtime configuration whose model aliases, prices, budgets and provider settings
   * answer the agents' model steps (`MODEL_ALIASES` and the rest, as in AWS).
   * @default the local defaults: every alias offline
   */
  readonly config?: RuntimeConfig;
  /**
   * The alias whose model re-ranks the Model Analyst's candidates.
   * @default none with the offline inference layer (the pgvector ranking stands)
   */
  readonly rerankAlias?: string;
  /** @default the ServiceNow client on `serviceNowUrl` with the emulator's OAuth client */
  readonly serviceNow?: ChangeWriter;
  /** @default the wall clock */
  readonly now?: () => Date;
  /** Wraps the handlers, e.g. to inject faults in tests. */
  readonly wrap?: (deps: ChangeValidationDependencies) => ReturnType<typeof createAgentHandlers>;
  /** @default 50 */
  readonly retryIntervalMs?: number;
}

/** The dependencies the agents run on locally. */
export function localChangeValidationDependencies(options: LocalChangeValidationOptions): ChangeValidationDependencies {
  const config = options.config ?? readRuntimeConfig({});
  const settings = config.inference;
  const ledger =
    options.inference === undefined
      ? createBufferedLedger(createPostgresLedger(options.db), BUFFERED_LEDGER_AGENTS)
      : undefined;
  const rerankAlias =
    options.rerankAlias ?? (options.inference === undefined ? rerankAliasOf(settings.aliases) : undefined);
  return {
    db: options.db,
    embedder: options.embedder,
    inference:
      options.inference ??
      createConfiguredInference(config, {
        embedder: options.embedder,
        ledger: ledger ?? createPostgresLedger(options.db),
        overrides: { metrics: { record: () => undefined } },
      }),
    catalogues: createCatalogueCache(),
    // The four agents run in this process, so later steps reuse the change the first parsed.
    changes: createChangeMemo(),
    ...(ledger === undefined ? {} : { ledger }),
    serviceNow:
      options.serviceNow ??
      (connectServiceNow(
        options.serviceNowUrl,
        staticCredentials({ clientId: 'switchyard', clientSecret: 'switchyard-local' }),
        { baseDelayMs: 50 },
      ) as unknown as ChangeWriter),
    settings: { autoTransition: options.autoTransition ?? true, ...(rerankAlias === undefined ? {} : { rerankAlias }) },
    now: options.now ?? (() => new Date()),
  };
}

/** The local change validation: the ASL executor, and each job's end as the Phase Transition wrote it. */
export interface LocalChangeValidation extends LocalChangeValidationExecutor {
  /**
   * Settles when the job's execution ends: with the ended job and its findings as the
   * Phase Transition's ending statement returned them, or null when it did not end the
   * job (it had ended before, or the execution failed). Undefined when no execution of
   * the job was started here.
   */
  settled(jobId: string): Promise<ChangeValidationWithFindings | null> | undefined;
}

/** How many ended jobs wait for their `settled` reader (a job run without one, e.g. by `run`, is dropped oldest first). */
const ENDED_JOBS_KEPT = 256;

/** The local executor of the real ASL over the agents' handlers. */
export function createLocalChangeValidation(options: LocalChangeValidationOptions): LocalChangeValidation {
  const ended = new Map<string, ChangeValidationWithFindings>();
  const deps: ChangeValidationDependencies = {
    ...localChangeValidationDependencies(options),
    onEnded: (job) => {
      ended.set(job.id, job);
      if (ended.size > ENDED_JOBS_KEPT) ended.delete(ended.keys().next().value as string);
    },
  };
  const take = (jobId: string) => {
    const job = ended.get(jobId) ?? null;
    ended.delete(jobId);
    return job;
  };
  const handlers = options.wrap?.(deps) ?? createAgentHandlers(deps);
  const executor = createLocalChangeValidationExecutor({
    handlers,
    ...(options.retryIntervalMs === undefined ? {} : { retryIntervalMs: options.retryIntervalMs }),
  });
  return {
    ...executor,
    settled: (jobId) =>
      executor.execution(jobId)?.done.then(
        () => take(jobId),
        () => take(jobId),
      ),
    // The delivery is at hand here: the agents' first step need not read it back.
    worker: (ticket) => {
      try {
        deps.changes?.set(ticket.jobId, changeOf({ request: ticket.record, changeNumber: ticket.jobId }));
      } catch {
        // An unreadable delivery is the Rule Extractor's to report.
      }
      return executor.worker(ticket);
    },
  };
}
