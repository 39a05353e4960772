import { CHANGE_REQUESTS_TABLE } from '../shared/db/change-requests';
import { listCiRelationships } from '../shared/db/ci-relationships';
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
  const relationships = await listCiRelationships(db, input.cmdbCi);
  const relatedType = new Map<string, string>();
  for (const r of relationships) {
    const other = r.parent === input.cmdbCi ? r.child : r.parent;
    if (other !== input.cmdbCi && !relatedType.has(other)) relatedType.set(other, r.type);
  }
  const from = new Date(Date.parse(input.openedAt) - input.windowHours * 3_600_000).toISOString();
  const columns = CHANGE_REQUESTS_TABLE.columns.map((c) => c.column).join(', ');
  const { rows } = await db.query(
    `SELECT ${columns} FROM change_requests
      WHERE cmdb_ci = ANY($1::text[])
        AND (start_date BETWEEN $2 AND $3 OR end_date BETWEEN $2 AND $3 OR (start_date <= $3 AND end_date >= $3))
      ORDER BY sys_id`,
    [[input.cmdbCi, ...relatedType.keys()], from, input.openedAt],
  );
  const candidates: CandidateChange[] = rows.map((row) => {
    const change = CHANGE_REQUESTS_TABLE.fromRow(row as never);
    const type = change.cmdbCi === null ? undefined : relatedType.get(change.cmdbCi);
    return change.cmdbCi === input.cmdbCi || type === undefined
      ? { change, relation: 'same_ci' }
      : { change, relation: 'related_ci', relationshipType: type };
  });
  const ranked = rankLikelyCauses(input.openedAt, candidates, input.windowHours);
  return { windowHours: input.windowHours, considered: candidates.length, likelyCauses: ranked.slice(0, input.limit) };
}
