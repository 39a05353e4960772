/**
 * The link that opens a new change request in ServiceNow with the recommended model and
 * the collected fields filled in: `change_request.do?sys_id=-1&sysparm_query=<encoded query>`.
 * An encoded query is `field=value` pairs joined by `^`; it has no escape for `^`, so a
 * `^` inside a value becomes a space (the only character that would split a field).
 * An `=` inside a value is kept: ServiceNow splits each pair at its first `=`. The whole
 * query is then percent-encoded once (encodeURIComponent), so `&`, `#`, `%`, spaces
 * and accents survive the URL.
 */

/** The fields a pre-filled change request carries, in ServiceNow's column names. */
export interface ChangeFormFields {
  /** sys_id of the change model (chg_model). */
  readonly chg_model: string;
  readonly type?: string;
  readonly short_description?: string;
  readonly description?: string;
  /** The deployment environment (u_environment on change_request). */
  readonly u_environment?: string;
}

const FIELD_ORDER: readonly (keyof ChangeFormFields)[] = [
  'chg_model',
  'type',
  'u_environment',
  'short_description',
  'description',
];

/** The encoded query (before percent-encoding): `chg_model=…^type=…^…`, empty fields left out. */
export function buildEncodedQuery(fields: ChangeFormFields): string {
  return FIELD_ORDER.flatMap((name) => {
    const value = fields[name];
    return value === undefined || value === '' ? [] : [`${name}=${encodedQueryValue(value)}`];
  }).join('^');
}

/** A value made safe inside an encoded query: `^` (the separator) and line breaks become spaces. */
export function encodedQueryValue(value: string): string {
  return value
    .replace(/[\^\r\n]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** The new-change-request URL on `instanceUrl` (no trailing slash needed) with `fields` filled in. */
export function buildChangeFormUrl(instanceUrl: string, fields: ChangeFormFields): string {
  const base = instanceUrl.replace(/\/+$/, '');
  return `${base}/change_request.do?sys_id=-1&sysparm_query=${encodeURIComponent(buildEncodedQuery(fields))}`;
}

/** Reads a pre-filled link back into its fields (for tests and the chat page). */
export function parseChangeFormUrl(url: string): Record<string, string> {
  const query = new URL(url).searchParams.get('sysparm_query') ?? '';
  const fields: Record<string, string> = {};
  for (const pair of query.split('^')) {
    const at = pair.indexOf('=');
    if (at > 0) fields[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return fields;
}
