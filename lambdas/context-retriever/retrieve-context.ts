import { CHANGE_REQUESTS_TABLE } from '../shared/db/change-requests';
import { getConfigurationItem } from '../shared/db/configuration-items';
import { INCIDENTS_TABLE } from '../shared/db/incidents';
import type { Queryable } from '../shared/db/pool';
import { type ContextRetrieverInput, ContextRetrieverInputSchema, type ContextRetrieverOutput } from './schemas';

interface RelatedRow {
  parent: string;
  child: string;
  type: string;
  name: string | null;
  class_name: string | null;
}

/**
 * The Context Retriever: the CI's record, its support group, the CIs related to it
 * (both directions, with their names) and its recent incidents and changes.
 */
export async function retrieveContext(db: Queryable, rawInput: ContextRetrieverInput): Promise<ContextRetrieverOutput> {
  const input = ContextRetrieverInputSchema.parse(rawInput);
  const since = new Date(Date.parse(input.asOf) - input.historyDays * 86_400_000).toISOString();
  const [ci, relationships, incidents, changes] = await Promise.all([
    getConfigurationItem(db, input.cmdbCi),
    // The relationships with the other CI's name and class, in one statement.
    db.query<RelatedRow>(
      `SELECT r.parent, r.child, r.type, ci.name, ci.class_name FROM ci_relationships r
         LEFT JOIN configuration_items ci ON ci.sys_id = CASE WHEN r.parent = $1 THEN r.child ELSE r.parent END
        WHERE r.parent = $1 OR r.child = $1 ORDER BY r.type, r.sys_id`,
      [input.cmdbCi],
    ),
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
  const relatedCis = relationships.rows.map((r) => ({
    sysId: r.parent === input.cmdbCi ? r.child : r.parent,
    relationshipType: r.type,
    direction: r.parent === input.cmdbCi ? ('parent_of' as const) : ('child_of' as const),
    name: r.name,
    className: r.class_name,
  }));
  return {
    ci,
    supportGroup: ci?.supportGroup ?? null,
    relatedCis,
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
