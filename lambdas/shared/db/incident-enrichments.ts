import type { InferenceCallRecord } from '../inference/accounting';
import { modelCallsJson } from './agent-runs';
import { type JobStatus, OPEN_JOB_STATUSES_SQL } from './job-status';
import type { Queryable } from './pool';

/**
 * Incident enrichment jobs. Keyed by the incident version, (sys_id, sys_updated_on),
 * so a retried delivery finds the job the first one created and the work is done once.
 */

export interface IncidentEnrichment {
  readonly id: string;
  readonly incidentSysId: string;
  readonly incidentNumber: string;
  /** The version of the incident enriched (ISO-8601). */
  readonly sysUpdatedOn: string;
  /** ServiceNow's version counter of the record, when the delivery carried it. */
  readonly sysModCount: number | null;
  /** The caller's Idempotency-Key header, when given. */
  readonly idempotencyKey: string | null;
  readonly status: JobStatus;
  readonly correlationId: string;
  readonly request: unknown;
  /** The Smart Solver's decision: which agents run, and why. */
  readonly plan: unknown;
  readonly result: unknown;
  /** Tokens, cost and latency of the model calls. */
  readonly usage: unknown;
  /** Why the job failed or was parked. */
  readonly error: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly completedAt: string | null;
}

/** How an enrichment ends; `plan`, when given, is stored with the outcome (one statement instead of two). */
export type IncidentEnrichmentOutcome = (
  | { readonly status: 'completed'; readonly result: unknown; readonly usage?: unknown }
  | { readonly status: 'failed'; readonly error: string; readonly result?: unknown; readonly usage?: unknown }
  | { readonly status: 'parked'; readonly reason: string; readonly result?: unknown; readonly usage?: unknown }
) & { readonly plan?: unknown };

/** A row of incident_enrichments as pg returns it. */
export interface IncidentEnrichmentRow {
  id: string;
  incident_sys_id: string;
  incident_number: string;
  sys_updated_on: Date;
  sys_mod_count: number | null;
  idempotency_key: string | null;
  status: JobStatus;
  correlation_id: string;
  request: unknown;
  plan: unknown;
  result: unknown;
  usage: unknown;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

const COLUMNS = `id, incident_sys_id, incident_number, sys_updated_on, sys_mod_count, idempotency_key, status, correlation_id, request, plan, result,
  usage, error, created_at, updated_at, completed_at`;

// Every column but the JSON documents a write already holds: a statement that has just
// stored them returns the rest, and the row is completed from what was written (saves
// PostgreSQL rendering the documents back and the driver parsing them again).
const SCALAR_COLUMNS = `id, incident_sys_id, incident_number, sys_updated_on, sys_mod_count, idempotency_key, status, correlation_id,
  error, created_at, updated_at, completed_at`;

/**
 * Takes a delivery: creates the job for this incident version, or returns the job an
 * earlier delivery created (`created: false`; do not redo it). A delivery matches an
 * earlier one by (sys_id, sys_updated_on), by (sys_id, sys_mod_count) when given, or by
 * the Idempotency-Key when given; the key wins when several match. Safe under
 * concurrency: one INSERT … ON CONFLICT DO NOTHING decides which delivery created it.
 */
export async function beginIncidentEnrichment(
  db: Queryable,
  input: {
    readonly incidentSysId: string;
    readonly incidentNumber: string;
    readonly sysUpdatedOn: string;
    readonly sysModCount?: number | null;
    readonly idempotencyKey?: string | null;
    readonly correlationId: string;
    readonly request: unknown;
  },
): Promise<{ enrichment: IncidentEnrichment; created: boolean }> {
  const inserted = await db.query<IncidentEnrichmentRow>(
    `INSERT INTO incident_enrichments
       (incident_sys_id, incident_number, sys_updated_on, sys_mod_count, idempotency_key, correlation_id, request)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
     ON CONFLICT DO NOTHING RETURNING ${SCALAR_COLUMNS}, NULL::jsonb AS plan, NULL::jsonb AS result, NULL::jsonb AS usage`,
    [
      input.incidentSysId,
      input.incidentNumber,
      input.sysUpdatedOn,
      input.sysModCount ?? null,
      input.idempotencyKey ?? null,
      input.correlationId,
      JSON.stringify(input.request),
    ],
  );
  if (inserted.rows[0] !== undefined)
    return { enrichment: incidentEnrichmentFromRow({ ...inserted.rows[0], request: input.request }), created: true };
  const existing = await db.query<IncidentEnrichmentRow>(
    `SELECT ${COLUMNS} FROM incident_enrichments
      WHERE ($4::text IS NOT NULL AND idempotency_key = $4)
         OR (incident_sys_id = $1 AND (sys_updated_on = $2 OR ($3::integer IS NOT NULL AND sys_mod_count = $3)))
      ORDER BY ($4::text IS NOT NULL AND idempotency_key IS NOT DISTINCT FROM $4) DESC, created_at
      LIMIT 1`,
    [input.incidentSysId, input.sysUpdatedOn, input.sysModCount ?? null, input.idempotencyKey ?? null],
  );
  return { enrichment: incidentEnrichmentFromRow(existing.rows[0] as IncidentEnrichmentRow), created: false };
}

/**
 * Claims a job for the Smart Solver: moves it to running and returns the delivered
 * record, in one statement; null when the job does not exist or has already ended
 * (a repeated invocation), so the work is not done twice after an outcome was stored.
 */
export async function claimIncidentEnrichment(db: Queryable, id: string): Promise<{ request: unknown } | null> {
  const { rows } = await db.query<{ request: unknown }>(
    `UPDATE incident_enrichments SET status = 'running', updated_at = now()
      WHERE id = $1 AND status IN ${OPEN_JOB_STATUSES_SQL}
      RETURNING request`,
    [id],
  );
  return rows[0] ?? null;
}

/**
 * Ends a job (with its plan when given). A job already in a terminal status is left as it is and null is
 * returned, so a late retry cannot overwrite the outcome a person has seen. `calls` (the
 * enrichment's held model calls) are recorded for the audit trail and the daily spend in
 * the same statement whether or not the job was still open
 * (finish_incident_enrichment, migration 019, recording them through record_model_calls,
 * migration 021: one jsonb array, so one statement text and cached plans whatever the
 * number of calls).
 */
export async function finishIncidentEnrichment(
  db: Queryable,
  id: string,
  outcome: IncidentEnrichmentOutcome,
  calls: readonly InferenceCallRecord[] = [],
): Promise<IncidentEnrichment | null> {
  const error = outcome.status === 'failed' ? outcome.error : outcome.status === 'parked' ? outcome.reason : null;
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  const { rows } = await db.query<IncidentEnrichmentRow>(
    'SELECT * FROM finish_incident_enrichment($1, $2, $3::jsonb, $4::jsonb, $5, $6::jsonb, $7::jsonb)',
    [id, outcome.status, json(outcome.result), json(outcome.usage), error, json(outcome.plan), modelCallsJson(calls)],
  );
  const row = rows[0];
  if (row === undefined) return null;
  // The documents as written (the same JSON once serialised; jsonb may order keys differently).
  return incidentEnrichmentFromRow({
    ...row,
    result: outcome.result ?? null,
    usage: outcome.usage ?? null,
    plan: outcome.plan ?? null,
  });
}

/** The job with this id, or null. */
export async function getIncidentEnrichment(db: Queryable, id: string): Promise<IncidentEnrichment | null> {
  const { rows } = await db.query<IncidentEnrichmentRow>(`SELECT ${COLUMNS} FROM incident_enrichments WHERE id = $1`, [
    id,
  ]);
  return rows[0] === undefined ? null : incidentEnrichmentFromRow(rows[0]);
}

/** A row of incident_enrichments as the job (what the repository and its tests read). */
export function incidentEnrichmentFromRow(row: IncidentEnrichmentRow): IncidentEnrichment {
  return {
    id: row.id,
    incidentSysId: row.incident_sys_id,
    incidentNumber: row.incident_number,
    sysUpdatedOn: row.sys_updated_on.toISOString(),
    sysModCount: row.sys_mod_count,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    correlationId: row.correlation_id,
    request: row.request,
    plan: row.plan,
    result: row.result,
    usage: row.usage,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}
