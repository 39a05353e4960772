import type { DisplayValueMode, ServiceNowClient } from '../../lambdas/shared/servicenow';

/** Where an extract stands: the last row read, by (sys_updated_on, sys_id). */
export interface ExtractCursor {
  /** ServiceNow date-time text (UTC), `YYYY-MM-DD HH:mm:ss`. */
  readonly updatedOn: string;
  /** The last sys_id read at `updatedOn`; null reads every row at `updatedOn`. */
  readonly sysId: string | null;
}

export interface ExtractTableInput {
  readonly client: ServiceNowClient;
  readonly table: string;
  /** Resume after this row; undefined reads the whole table. */
  readonly from?: ExtractCursor;
  /** @default 1000 */
  readonly pageSize?: number;
  readonly fields?: readonly string[];
  /**
   * `sysparm_display_value`; the cursor always uses raw values (`all` gives both).
   * @default 'false'
   */
  readonly displayValue?: DisplayValueMode;
  /** Asked before each page is read; returning false stops the extract there. @default always true */
  readonly shouldContinue?: () => boolean;
  /** Receives each page in order; the extract waits for it, so a page is stored before the next is read. */
  readonly onPage: (rows: Record<string, unknown>[], cursor: ExtractCursor) => Promise<void>;
}

export interface ExtractTableResult {
  readonly read: number;
  readonly pages: number;
  /** The last row read; equals `from` when nothing was new. */
  readonly cursor: ExtractCursor | undefined;
}

/**
 * Reads every row changed after a cursor, in (sys_updated_on, sys_id) order, by
 * keyset paging: first the rest of the cursor's own timestamp (`sys_updated_on=T`,
 * `sys_id>S`), then the rows after it (`sys_updated_on>T`). Rows that share a
 * timestamp across a page boundary are neither lost nor read twice, and no offset
 * shifts when rows change while the extract runs.
 */
export async function extractTable(input: ExtractTableInput): Promise<ExtractTableResult> {
  const pageSize = input.pageSize ?? 1000;
  const fields = input.fields === undefined ? undefined : [...new Set([...input.fields, 'sys_id', 'sys_updated_on'])];
  let cursor = input.from;
  let read = 0;
  let pages = 0;
  const common = {
    limit: pageSize,
    ...withFields(fields),
    ...(input.displayValue === undefined ? {} : { displayValue: input.displayValue }),
  };
  for (;;) {
    if (input.shouldContinue?.() === false) return { read, pages, cursor };
    // Rest of the cursor's timestamp, then everything after it.
    const sameInstant =
      cursor === undefined
        ? undefined
        : cursor.sysId === null
          ? `sys_updated_on=${cursor.updatedOn}^ORDERBYsys_id`
          : `sys_updated_on=${cursor.updatedOn}^sys_id>${cursor.sysId}^ORDERBYsys_id`;
    const after =
      cursor === undefined
        ? 'ORDERBYsys_updated_on^ORDERBYsys_id'
        : `sys_updated_on>${cursor.updatedOn}^ORDERBYsys_updated_on^ORDERBYsys_id`;
    let rows: Record<string, unknown>[] = [];
    if (sameInstant !== undefined) {
      rows = (await input.client.queryTable(input.table, { query: sameInstant, ...common })).rows;
    }
    if (rows.length === 0) {
      rows = (await input.client.queryTable(input.table, { query: after, ...common })).rows;
    }
    if (rows.length === 0) return { read, pages, cursor };
    const last = rows.at(-1) as Record<string, unknown>;
    cursor = { updatedOn: rawValue(last.sys_updated_on), sysId: rawValue(last.sys_id) };
    await input.onPage(rows, cursor);
    read += rows.length;
    pages += 1;
  }
}

function withFields(fields: string[] | undefined) {
  return fields === undefined ? {} : { fields };
}

/** A field's raw value: with `sysparm_display_value=all` a field is `{value, display_value}`. */
export function rawValue(field: unknown): string {
  if (typeof field === 'object' && field !== null && 'value' in field)
    return String((field as { value: unknown }).value);
  return String(field);
}
