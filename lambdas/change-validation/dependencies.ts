import type { ChangeValidationWithFindings } from '../shared/db/change-validations';
import type { Queryable } from '../shared/db/pool';
import type { Embedder } from '../shared/embeddings/embedder';
import type { Inference } from '../shared/inference';
import type { BufferedLedger } from '../shared/inference/ledger-buffer';
import type { CatalogueCache } from './catalogue';
import type { ChangeMemo } from './change-memo';

/** The ServiceNow calls the Phase Transition makes (the shared client satisfies it). */
export interface ChangeWriter {
  /** GET the record; undefined when it does not exist. */
  getRecord(
    table: string,
    sysId: string,
    q?: { readonly fields?: readonly string[] },
  ): Promise<Record<string, unknown> | undefined>;
  addWorkNote(table: string, sysId: string, note: string): Promise<unknown>;
  setState(table: string, sysId: string, state: string, workNote?: string): Promise<unknown>;
}

/** Change validation settings. */
export interface ChangeValidationSettings {
  /**
   * Move a `ready` change out of New (normal → Assess, emergency → Authorize,
   * standard → Scheduled). Off: the verdict is only noted.
   */
  readonly autoTransition: boolean;
  /**
   * The inference alias whose model re-ranks the AIM Model Analyst's vector candidates
   * (`rank`); undefined when no model is configured for it (offline), so the pgvector
   * ranking stands.
   */
  readonly rerankAlias?: string;
}

/** What every agent of the pipeline runs on; built once per execution environment. */
export interface ChangeValidationDependencies {
  readonly db: Queryable;
  readonly inference: Inference;
  readonly embedder: Embedder;
  readonly serviceNow: ChangeWriter;
  readonly settings: ChangeValidationSettings;
  /** The clock (submission time for lead-time checks). */
  readonly now: () => Date;
  /** The rules and change model catalogues with their embeddings, kept per process. */
  readonly catalogues: CatalogueCache;
  /** The inference ledger when it holds the agents' free calls until their step ends. */
  readonly ledger?: BufferedLedger;
  /** The changes of recent jobs, parsed once per process. @default none: each step reads the delivery */
  readonly changes?: ChangeMemo;
  /**
   * Told of each job the Phase Transition ends, as the ending statement returned it, with
   * its findings (locally, so `?wait` answers without reading the job back). An ended job
   * never changes again. @default none
   */
  readonly onEnded?: (job: ChangeValidationWithFindings) => void;
}

/** The agents whose free inference calls are written with their step's result. */
export const BUFFERED_LEDGER_AGENTS = ['content-validator', 'aim-model-analyst'] as const;

/**
 * The alias the Model Analyst re-ranks with: `reasoning` when it names a model
 * (bedrock, openai-compatible), none when it is offline.
 */
export function rerankAliasOf(aliases: Readonly<Record<string, { readonly provider: string }>>): string | undefined {
  const alias = aliases[RERANK_ALIAS];
  return alias === undefined || alias.provider === 'offline' ? undefined : RERANK_ALIAS;
}

/** The inference alias the AIM Model Analyst re-ranks with when it names a model. */
export const RERANK_ALIAS = 'reasoning';
