/**
 * The subset of ServiceNow encoded queries the emulator understands: conditions
 * joined by `^` (AND) and `^OR` (OR, binding tighter, as in ServiceNow), operators
 * = != > >= < <= IN LIKE STARTSWITH, and `ORDERBY`/`ORDERBYDESC` terms.
 */
export type Row = Record<string, string>;

interface Condition {
  readonly field: string;
  readonly op: string;
  readonly value: string;
}

export interface ParsedQuery {
  /** AND of OR-groups. */
  readonly groups: Condition[][];
  readonly orderBy: { readonly field: string; readonly desc: boolean }[];
}

/** Parses an encoded query; throws an Error naming the term it could not read. */
export function parseQuery(encoded: string): ParsedQuery {
  const groups: Condition[][] = [];
  const orderBy: ParsedQuery['orderBy'] = [];
  if (encoded.trim() === '') return { groups, orderBy };
  for (const term of encoded.split('^')) {
    if (term === '' || term === 'EQ') continue;
    if (term.startsWith('ORDERBYDESC')) {
      orderBy.push({ field: term.slice('ORDERBYDESC'.length), desc: true });
    } else if (term.startsWith('ORDERBY')) {
      orderBy.push({ field: term.slice('ORDERBY'.length), desc: false });
    } else if (term.startsWith('OR')) {
      const last = groups.at(-1);
      if (last === undefined) throw new Error(`Invalid query term ${term}: OR with nothing before it`);
      last.push(parseCondition(term.slice(2)));
    } else {
      groups.push([parseCondition(term)]);
    }
  }
  return { groups, orderBy };
}

function parseCondition(term: string): Condition {
  // Field names are lower case (u_ for custom ones); operators are upper case or symbols.
  const match = /^([a-z0-9_.]+)(STARTSWITH|LIKE|IN|!=|>=|<=|=|>|<)(.*)$/.exec(term);
  if (match === null) throw new Error(`Invalid query term ${term}`);
  return { field: match[1] as string, op: match[2] as string, value: match[3] as string };
}

/** Rows matching the query, in its order (ServiceNow compares dates as text, which sorts correctly). */
export function applyQuery(rows: readonly Row[], query: ParsedQuery): Row[] {
  const matched = rows.filter((row) => query.groups.every((group) => group.some((c) => matches(row, c))));
  if (query.orderBy.length === 0) return matched;
  return matched.sort((a, b) => {
    for (const { field, desc } of query.orderBy) {
      const cmp = compare(a[field] ?? '', b[field] ?? '');
      if (cmp !== 0) return desc ? -cmp : cmp;
    }
    return 0;
  });
}

function matches(row: Row, { field, op, value }: Condition): boolean {
  const actual = row[field] ?? '';
  switch (op) {
    case '=':
      return actual === value;
    case '!=':
      return actual !== value;
    case '>':
      return compare(actual, value) > 0;
    case '>=':
      return compare(actual, value) >= 0;
    case '<':
      return compare(actual, value) < 0;
    case '<=':
      return compare(actual, value) <= 0;
    case 'IN':
      return value.split(',').includes(actual);
    case 'LIKE':
      return actual.toLowerCase().includes(value.toLowerCase());
    case 'STARTSWITH':
      return actual.toLowerCase().startsWith(value.toLowerCase());
    default:
      return false;
  }
}

function compare(a: string, b: string): number {
  const numeric = /^-?\d+(\.\d+)?$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
