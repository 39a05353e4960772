import type { Queryable } from './pool';

/** How many rows each table holds; for /health and the `npm start` summary. */

export const COUNTED_TABLES = [
  'incidents',
  'change_requests',
  'change_models',
  'configuration_items',
  'ci_relationships',
  'validation_rules',
  'change_validations',
  'incident_enrichments',
  'assistant_sessions',
  'agent_runs',
] as const;

export type CountedTable = (typeof COUNTED_TABLES)[number];

/** Row counts per table, in one round trip. */
export async function countRecords(db: Queryable): Promise<Record<CountedTable, number>> {
  const columns = COUNTED_TABLES.map((table) => `(SELECT count(*) FROM ${table})::int AS ${table}`).join(', ');
  const { rows } = await db.query<Record<CountedTable, number>>(`SELECT ${columns}`);
  return rows[0] as Record<CountedTable, number>;
}
