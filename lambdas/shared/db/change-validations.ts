import type { InferenceCallRecord } from '../inference/accounting';
import { modelCallsJson } from './agent-runs';
import type { JobStatus } from './job-status';
import type { Queryable } from './pool';

/**
 * Change validation jobs and their findings. A job is keyed by the change version it
 * validates, (sys_id, sys_updated_on), so a retried ServiceNow delivery finds the job
 * the first delivery created and the work is done once.
 */

/**
 * pass: nothing failed; warn: only warnings failed; fail: a blocker failed; review: the
 * checks could not decide (or an agent kept failing), so the job is parked for a person.
 */
export const VALIDATION_VERDICTS = ['pass', 'warn', 'fail', 'review'] as const;
export type ValidationVerdict = (typeof VALIDATION_VERDICTS)[number];

export interface ChangeValidation {
  readonly id: string;
  readonly changeSysId: string;
  readonly changeNumber: string;
  /** The version of the change validated (ISO-8601). */
  readonly sysUpdatedOn: string;
  /** ServiceNow's version counter of the record, when the delivery carried it. */
  readonly sysModCount: number | null;
  /** The caller's Idempotency-Key header, when given. */
  readonly idempotencyKey: string | null;
  readonly status: JobStatus;
  readonly verdict: ValidationVerdict | null;
  readonly correlationId: string;
  readonly request: unknown;
  readonly result: unknown;
  /** Why the job failed or was parked. */
  readonly error: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly completedAt: string | null;
}

export interface ValidationFinding {
  readonly ruleId: string;
  readonly severity: 'blocker' | 'warning';
  readonly passed: boolean;
  /** The change field the finding is about, when there is one. */
  readonly field: string | null;
  readonly message: string;
  readonly evidence: Record<string, unknown>;
}

/** How a validation ends. */
export type ChangeValidationOutcome =
  | { readonly status: 'completed'; readonly verdict: ValidationVerdict; readonly result: unknown }
  | { readonly status: 'failed'; readonly error: string; readonly result?: unknown }
  | {
      readonly status: 'parked';
      readonly reason: string;
      readonly result?: unknown;
      /** 'review' when the parked job carries a needs_review verdict. */
      readonly verdict?: 'review';
    };

interface ChangeValidationRow {
  id: string;
  change_sys_id: string;
  change_number: string;
  sys_updated_on: Date;
  sys_mod_count: number | null;
  idempotency_key: string | null;
  status: JobStatus;
  verdict: ValidationVerdict | null;
  correlation_id: string;
  request: unknown;
  result: unknown;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

const COLUMNS = `id, change_sys_id, change_number, sys_updated_on, sys_mod_count, idempotency_key, status, verdict, correlation_id, request, result,
  error, created_at, updated_at, completed_at`;

/**
 * Takes a delivery: creates the job for this change version, or returns the job an
 * earlier delivery created (`created: false`; do not redo it). A delivery matches an
 * earlier one by (sys_id, sys_updated_on), by (sys_id, sys_mod_count) when given, or by
 * the Idempotency-Key when given; the key wins when several match. Safe under
 * concurrency: one INSERT … ON CONFLICT DO NOTHING decides which delivery created it.
 */
export async function beginChangeValidation(
  db: Queryable,
  input: {
    readonly changeSysId: string;
    readonly changeNumber: string;
    readonly sysUpdatedOn: string;
    readonly sysModCount?: number | null;
    readonly idempotencyKey?: string | null;
    readonly correlationId: string;
    readonly request: unknown;
  },
): Promise<{ validation: ChangeValidation; created: boolean }> {
  // change_validation_begin (migration 018): the INSERT and, for a retried delivery, the
  // read of the earlier job, in one call planned once per session.
  const { rows } = await db.query<ChangeValidationRow & { created: boolean }>(
    `SELECT ${COLUMNS}, created
       FROM change_validation_begin($1::text, $2::text, $3::timestamptz, $4::integer, $5::text, $6::text, $7::jsonb)`,
    [
      input.changeSysId,
      input.changeNumber,
      input.sysUpdatedOn,
      input.sysModCount ?? null,
      input.idempotencyKey ?? null,
      input.correlationId,
      JSON.stringify(input.request),
    ],
  );
  const row = rows[0] as ChangeValidationRow & { created: boolean };
  return { validation: fromRow(row), created: row.created };
}

/** Moves an accepted job to running; false when it is not in `accepted` any more. */
export async function markChangeValidationRunning(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE change_validations SET status = 'running', updated_at = now() WHERE id = $1 AND status = 'accepted'`,
    [id],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Ends a job. A job already in a terminal status is left as it is and null is
 * returned, so a late retry cannot overwrite the outcome a person has seen.
 */
export async function finishChangeValidation(
  db: Queryable,
  id: string,
  outcome: ChangeValidationOutcome,
): Promise<ChangeValidation | null> {
  const verdict = outcome.status === 'failed' ? null : (outcome.verdict ?? null);
  const error = outcome.status === 'failed' ? outcome.error : outcome.status === 'parked' ? outcome.reason : null;
  const result = outcome.result === undefined ? null : JSON.stringify(outcome.result);
  // change_validation_finish (migration 016): the UPDATE … RETURNING, planned once per session. The
  // result is not rendered back: the job carries the JSON just written (jsonb keeps its values).
  const { rows } = await db.query<ChangeValidationRow>(
    `SELECT ${COLUMNS.replace(/\bresult\b/, 'NULL::jsonb AS result')}
       FROM change_validation_finish($1::uuid, $2::text, $3::text, $4::jsonb, $5::text)`,
    [id, outcome.status, verdict, result, error],
  );
  return rows[0] === undefined ? null : { ...fromRow(rows[0]), result: result === null ? null : JSON.parse(result) };
}

/** A job with its stored findings (see {@link listValidationFindings} for their order). */
export interface ChangeValidationWithFindings extends ChangeValidation {
  readonly findings: ValidationFinding[];
}

/** The job with this id and its findings, read in one statement; null when there is none. */
export async function getChangeValidationWithFindings(
  db: Queryable,
  id: string,
): Promise<ChangeValidationWithFindings | null> {
  // change_validation_get (migration 018): planned once per session (GET, and the wait's polls in AWS).
  const { rows } = await db.query<ChangeValidationRow & { findings: FindingRow[] }>(
    `SELECT ${COLUMNS}, findings FROM change_validation_get($1::uuid)`,
    [id],
  );
  const row = rows[0];
  return row === undefined ? null : { ...fromRow(row), findings: row.findings.map(fromFindingRow) };
}

/** The job with this id, or null. */
export async function getChangeValidation(db: Queryable, id: string): Promise<ChangeValidation | null> {
  const { rows } = await db.query<ChangeValidationRow>(`SELECT ${COLUMNS} FROM change_validations WHERE id = $1`, [id]);
  return rows[0] === undefined ? null : fromRow(rows[0]);
}

/**
 * Part of a statement that runs beside a step's progress update in the same round trip
 * (a data-modifying CTE, `name AS (…)`): given a function that adds a parameter and
 * returns its placeholder, returns the CTE's SQL.
 */
export type StatementPart = (param: (value: unknown) => string) => string;

/** One step's progress entry (`result.steps.<step>`), without the attempts counter. */
export type StepProgressEntry = Record<string, unknown> & { readonly status: string };

/** The catalogue versions an opened step reports (`catalogue_versions`, migration 015). */
export interface CatalogueVersionTags {
  readonly rules: string;
  readonly models: string;
}

/** A step opened on a job: the job as read, whether it was still open, and the catalogues' versions. */
export interface OpenedValidationStep {
  readonly validation: ChangeValidation;
  /** False when the job had already ended (the step was not recorded). */
  readonly open: boolean;
  readonly versions: CatalogueVersionTags;
  /** The stored findings, when the opening statement read them. */
  readonly findings?: ValidationFinding[];
  /** The value of `reads.along`, when it was read (the job still open). */
  readonly along?: unknown;
}

/** What an opening statement reads beside the job's ids and status. */
export interface OpenStepReads {
  /** The delivery (skip it when the change is already known in this process). @default true */
  readonly request?: boolean;
  /** The job's result so far (steps, or the final result of an ended job). @default true */
  readonly result?: boolean;
  /** The job's stored findings. @default false */
  readonly findings?: boolean;
  /**
   * A scalar SQL expression read in the same statement (what the agent would otherwise
   * query next, e.g. its CI); its value is returned as `along`.
   */
  readonly along?: StatementPart;
}

/**
 * Starts a step in one statement: records it running on the job (moving an accepted
 * job to running) and returns the job with the catalogues' versions — and what `reads`
 * asks for — so the agent needs no further round trip to begin. A job that has ended
 * is returned whole (`open: false`); null when there is none.
 */
export async function openChangeValidationStep(
  db: Queryable,
  id: string,
  step: string,
  progress: StepProgressEntry,
  reads: OpenStepReads = {},
): Promise<OpenedValidationStep | null> {
  type Row = ChangeValidationRow & {
    rules_version: string;
    models_version: string;
    findings: FindingRow[] | null;
    open: boolean;
    along: unknown;
  };
  const values: unknown[] = [
    id,
    step,
    JSON.stringify(progress),
    reads.request !== false,
    reads.result !== false,
    reads.findings === true,
  ];
  // Only an opened step reads `along` (the function returns an ended job with open = false).
  const along =
    reads.along === undefined
      ? 'NULL'
      : `CASE WHEN o.open THEN ${reads.along((value) => {
          values.push(value);
          return `$${values.length}`;
        })} END`;
  // change_validation_open_step (migration 016): the step's UPDATE … RETURNING, or the ended
  // job, planned once per session; only this short call and `along` are planned each time.
  const { rows } = await db.query<Row>(
    `SELECT o.*, ${along} AS along
       FROM change_validation_open_step($1::uuid, $2::text, $3::jsonb, $4::boolean, $5::boolean, $6::boolean) o`,
    values,
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    validation: fromRow(row),
    open: row.open,
    versions: { rules: row.rules_version, models: row.models_version },
    ...(row.findings === null ? {} : { findings: row.findings.map(fromFindingRow) }),
    ...(!row.open || reads.along === undefined ? {} : { along: row.along }),
  };
}

/**
 * Records a step's progress on the job while the job is open, with its findings (stored
 * whether or not the job is still open; a retry replaces the finding of the same rule)
 * and the step's held model calls (`record_model_calls`, migration 021, as every ledger
 * path records them) in the same statement.
 */
export async function recordChangeValidationStep(
  db: Queryable,
  id: string,
  step: string,
  progress: StepProgressEntry,
  calls: readonly InferenceCallRecord[] = [],
  findings: readonly ValidationFinding[] = [],
): Promise<void> {
  const values: unknown[] = [id, step, JSON.stringify(progress), findings.length === 0 ? null : findingsJson(findings)];
  // change_validation_record_step (migration 016): the findings' INSERT and the step's UPDATE, planned once per session.
  if (calls.length === 0)
    await db.query('SELECT change_validation_record_step($1::uuid, $2::text, $3::jsonb, $4::jsonb)', values);
  else
    await db.query(
      'SELECT change_validation_record_step($1::uuid, $2::text, $3::jsonb, $4::jsonb), record_model_calls($5::jsonb)',
      [...values, modelCallsJson(calls)],
    );
}

/** Stores a job's findings, one per rule; a retry replaces the finding of the same rule. */
export async function saveValidationFindings(
  db: Queryable,
  validationId: string,
  findings: readonly ValidationFinding[],
): Promise<void> {
  if (findings.length === 0) return;
  await db.query('SELECT change_validation_save_findings($1::uuid, $2::jsonb)', [validationId, findingsJson(findings)]);
}

// The findings as change_validation_save_findings reads them (one JSON parameter, not 7 per finding).
function findingsJson(findings: readonly ValidationFinding[]): string {
  return JSON.stringify(
    findings.map((f) => ({
      rule_id: f.ruleId,
      severity: f.severity,
      passed: f.passed,
      field: f.field,
      message: f.message,
      evidence: f.evidence,
    })),
  );
}

/** A job's findings: failed blockers first, then failed warnings, then passed, each by rule id. */
export async function listValidationFindings(db: Queryable, validationId: string): Promise<ValidationFinding[]> {
  const { rows } = await db.query<FindingRow>(
    `SELECT rule_id, severity, passed, field, message, evidence FROM validation_findings
      WHERE validation_id = $1 ORDER BY passed, severity, rule_id`,
    [validationId],
  );
  return rows.map(fromFindingRow);
}

interface FindingRow {
  rule_id: string;
  severity: 'blocker' | 'warning';
  passed: boolean;
  field: string | null;
  message: string;
  evidence: Record<string, unknown>;
}

function fromFindingRow(row: FindingRow): ValidationFinding {
  return {
    ruleId: row.rule_id,
    severity: row.severity,
    passed: row.passed,
    field: row.field,
    message: row.message,
    evidence: row.evidence,
  };
}

function fromRow(row: ChangeValidationRow): ChangeValidation {
  return {
    id: row.id,
    changeSysId: row.change_sys_id,
    changeNumber: row.change_number,
    sysUpdatedOn: row.sys_updated_on.toISOString(),
    sysModCount: row.sys_mod_count,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    verdict: row.verdict,
    correlationId: row.correlation_id,
    request: row.request,
    result: row.result,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}
