import { CHANGE_REQUESTS_TABLE } from '../shared/db/change-requests';
import { listCiRelationships } from '../shared/db/ci-relationships';
import { getConfigurationItem } from '../shared/db/configuration-items';
import { INCIDENTS_TABLE } from '../shared/db/incidents';
import type { Queryable } from '../shared/db/pool';
import { type ContextRetrieverInput, ContextRetrieverInputSchema, type ContextRetrieverOutput } from './schemas';

/**
 * The Context Retriever: the CI's record, its support group, the CIs related to it
 * (both directions, with their names) and its recent incidents and changes.
 */
export async function retrieveContext(db: Queryable, rawInput: ContextRetrieverInput): Promise<ContextRetrieverOutput> {
  const input = ContextRetrieverInputSchema.parse(rawInput);
  const since = new Date(Date.parse(input.asOf) - input.historyDays * 86_400_000).toISOString();
  const [ci, relationships, incidents, changes] = await Promise.all([
    getConfigurationItem(db, input.cmdbCi),
    listCiRelationships(db, input.cmdbCi),
    db.query(
      `SELECT ${INCIDENTS_TABLE.columns.map((c) => c.column).join(', ')} FROM incidents
        WHERE cmdb_ci = $1 AND opened_at BETWEEN $2 AND $3 ORDER BY opened_at DESC, sys_id LIMIT $4`,
      [input.cmdbCi, since, input.asOf, input.limit],
    ),
    db.query(
      `SELECT ${CHANGE_REQUESTS_TABLE.columns.map((c) => c.column).join(', ')} FROM change_requests
        WHERE cmdb_ci = $1 AND start_date BETWEEN $2 AND $3 ORDER BY start_date DESC, sys_id LIMIT $4`,
      [input.cmdbCi, since, input.asOf, input.limit],
    ),
  ]);
  const others = relationships.map((r) => ({
    sysId: r.parent === input.cmdbCi ? r.child : r.parent,
    relationshipType: r.type,
    direction: r.parent === input.cmdbCi ? ('parent_of' as const) : ('child_of' as const),
  }));
  const named = await Promise.all(others.map((o) => getConfigurationItem(db, o.sysId)));
  return {
    ci,
    supportGroup: ci?.supportGroup ?? null,
    relatedCis: others.map((o, i) => ({ ...o, name: named[i]?.name ?? null, className: named[i]?.className ?? null })),
    recentIncidents: incidents.rows.map((row) => {
      const incident = INCIDENTS_TABLE.fromRow(row as never);
      return {
        number: incident.number,
        shortDescription: incident.shortDescription,
        state: incident.state,
        openedAt: incident.openedAt,
      };
    }),
    recentChanges: changes.rows.map((row) => {
      const change = CHANGE_REQUESTS_TABLE.fromRow(row as never);
      return {
        number: change.number,
        shortDescription: change.shortDescription,
        state: change.state,
        startDate: change.startDate,
      };
    }),
  };
}
