import type { Queryable } from '../shared/db/pool';
import type { Embedder } from '../shared/embeddings/embedder';
import type { Inference } from '../shared/inference';

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
}
