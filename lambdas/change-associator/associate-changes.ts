import { CHANGE_REQUESTS_TABLE } from '../shared/db/change-requests';
import type { Queryable } from '../shared/db/pool';
import { type CandidateChange, rankLikelyCauses } from './rank-changes';
import { type ChangeAssociatorInput, ChangeAssociatorInputSchema, type ChangeAssociatorOutput } from './schemas';

/**
 * The Change Associator: changes on the incident's CI or on CIs related to it in the
 * CMDB (one hop, either direction) whose start or end falls in the window before the
 * incident, ranked as likely causes with reasons.
 */
export async function associateChanges(
  db: Queryable,
  rawInput: ChangeAssociatorInput,
): Promise<ChangeAssociatorOutput> {
  const input = ChangeAssociatorInputSchema.parse(rawInput);
  const from = new Date(Date.parse(input.openedAt) - input.windowHours * 3_600_000).toISOString();
  const columns = CHANGE_REQUESTS_TABLE.columns.map((c) => `c.${c.column}`).join(', ');
  // One statement: the CI's one-hop neighbours (either direction) and the changes on the CI
  // or on them in the window, each with the relationship type that links it (null: the CI itself).
  const { rows } = await db.query(
    `WITH related AS (
       SELECT DISTINCT ON (other) other, type FROM (
         SELECT CASE WHEN parent = $1 THEN child ELSE parent END AS other, type
           FROM ci_relationships WHERE parent = $1 OR child = $1
       ) r WHERE other <> $1 ORDER BY other, type
     )
     SELECT ${columns}, related.type AS relationship_type
       FROM change_requests c LEFT JOIN related ON related.other = c.cmdb_ci
      WHERE (c.cmdb_ci = $1 OR related.other IS NOT NULL)
        AND (c.start_date BETWEEN $2 AND $3 OR c.end_date BETWEEN $2 AND $3 OR (c.start_date <= $3 AND c.end_date >= $3))
      ORDER BY c.sys_id`,
    [input.cmdbCi, from, input.openedAt],
  );
  const candidates: CandidateChange[] = rows.map((row) => {
    const change = CHANGE_REQUESTS_TABLE.fromRow(row as never);
    const type = (row as { relationship_type: string | null }).relationship_type;
    return change.cmdbCi === input.cmdbCi || type === null
      ? { change, relation: 'same_ci' }
      : { change, relation: 'related_ci', relationshipType: type };
  });
  const ranked = rankLikelyCauses(input.openedAt, candidates, input.windowHours);
  return { windowHours: input.windowHours, considered: candidates.length, likelyCauses: ranked.slice(0, input.limit) };
}
