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
  const columns = CHANGE_REQUESTS_TABLE.columns.map((c) => c.column).join(', ');
  // One statement: the CI's one-hop neighbours (either direction) and the changes on the CI
  // or on them in the window, each with the relationship type that links it (null: the CI
  // itself); a function of migration 017, so its plan is kept per session.
  const { rows } = await db.query(`SELECT ${columns}, relationship_type FROM incident_change_candidates($1, $2, $3)`, [
    input.cmdbCi,
    from,
    input.openedAt,
  ]);
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
