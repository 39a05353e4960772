import { changeStateName } from '../shared/db/change-requests';
import { CONFIGURATION_ITEMS_TABLE } from '../shared/db/configuration-items';
import type { Queryable } from '../shared/db/pool';
import { type ContextRetrieverInput, ContextRetrieverInputSchema, type ContextRetrieverOutput } from './schemas';

interface HistoryRow {
  /** The CI's row as JSON (its timestamp a string), null when the CMDB does not have it. */
  ci:
    | (Omit<Parameters<typeof CONFIGURATION_ITEMS_TABLE.fromRow>[0], 'sys_updated_on'> & { sys_updated_on: string })
    | null;
  related: { parent: string; child: string; type: string; name: string | null; class_name: string | null }[];
  incidents: { number: string; short_description: string; state: string; opened_at: string }[];
  changes: { number: string; short_description: string; state: number; start_date: string | null }[];
}

// The CI itself, its relationships (with the other CI's name and class), its recent incidents
// and its recent changes, each list aggregated as JSON: one call of a function of migration 017,
// whose plan PostgreSQL keeps per session (planning the four subqueries cost as much as running them).
const HISTORY_SQL = 'SELECT ci, related, incidents, changes FROM incident_context($1, $2, $3, $4)';

const iso = (value: string) => new Date(value).toISOString();

/**
 * The Context Retriever: the CI's record, its support group, the CIs related to it
 * (both directions, with their names) and its recent incidents and changes. One statement.
 */
export async function retrieveContext(db: Queryable, rawInput: ContextRetrieverInput): Promise<ContextRetrieverOutput> {
  const input = ContextRetrieverInputSchema.parse(rawInput);
  const since = new Date(Date.parse(input.asOf) - input.historyDays * 86_400_000).toISOString();
  const history = await db.query<HistoryRow>(HISTORY_SQL, [input.cmdbCi, since, input.asOf, input.limit]);
  const row = history.rows[0] as HistoryRow;
  const { related, incidents, changes } = row;
  const ci =
    row.ci === null
      ? null
      : CONFIGURATION_ITEMS_TABLE.fromRow({ ...row.ci, sys_updated_on: new Date(row.ci.sys_updated_on) });
  return {
    ci,
    supportGroup: ci?.supportGroup ?? null,
    relatedCis: related.map((r) => ({
      sysId: r.parent === input.cmdbCi ? r.child : r.parent,
      relationshipType: r.type,
      direction: r.parent === input.cmdbCi ? ('parent_of' as const) : ('child_of' as const),
      name: r.name,
      className: r.class_name,
    })),
    recentIncidents: incidents.map((i) => ({
      number: i.number,
      shortDescription: i.short_description,
      state: i.state,
      openedAt: iso(i.opened_at),
    })),
    recentChanges: changes.map((c) => ({
      number: c.number,
      shortDescription: c.short_description,
      state: changeStateName(c.state),
      startDate: c.start_date === null ? null : iso(c.start_date),
    })),
  };
}
