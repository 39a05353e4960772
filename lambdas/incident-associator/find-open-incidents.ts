import { INCIDENTS_TABLE } from '../shared/db/incidents';
import { type Queryable, toVectorParam } from '../shared/db/pool';
import type { OpenIncidentCandidate } from './score-open-incidents';

/** What the open-incident search looks for. */
export interface OpenIncidentQuery {
  /** The incident itself, never its own candidate. */
  readonly incidentSysId: string;
  readonly cmdbCi: string | null;
  readonly businessService: string | null;
  /** ISO-8601: candidates are opened within `windowHours` of this, either side. */
  readonly openedAt: string;
  readonly windowHours: number;
  /** The incident's embedding; null (or a zero vector) when it has no text to embed. */
  readonly embedding: readonly number[] | null;
  /** Below this text similarity, only the same CI or service makes a candidate. @default 0.6 */
  readonly minSimilarity?: number;
  /** Candidates returned at most, most similar first. @default 25 */
  readonly limit?: number;
}

const OPEN_STATES = ['new', 'in_progress', 'on_hold'];

/**
 * The open incidents (new, in progress, on hold) opened within the window around the
 * incident that share its CI or business service, or whose text is similar enough on
 * its own; each with its cosine similarity (0 when either side has no embedding). One
 * statement: the window and the open states narrow the rows before any distance is computed
 * (a function of migration 017, so its plan is kept per session).
 */
export async function findOpenIncidents(db: Queryable, query: OpenIncidentQuery): Promise<OpenIncidentCandidate[]> {
  const opened = Date.parse(query.openedAt);
  const windowMs = query.windowHours * 3_600_000;
  const vector =
    query.embedding === null || query.embedding.every((c) => c === 0) ? null : toVectorParam(query.embedding);
  const columns = INCIDENTS_TABLE.columns.map((c) => c.column).join(', ');
  const { rows } = await db.query(
    `SELECT ${columns}, similarity FROM open_incident_candidates($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      OPEN_STATES,
      query.incidentSysId,
      new Date(opened - windowMs).toISOString(),
      new Date(opened + windowMs).toISOString(),
      query.cmdbCi,
      vector,
      query.businessService,
      query.minSimilarity ?? 0.6,
      query.limit ?? 25,
    ],
  );
  return rows.map((row) => ({
    incident: INCIDENTS_TABLE.fromRow(row as never),
    similarity: Number((row as { similarity: number | string }).similarity),
  }));
}
