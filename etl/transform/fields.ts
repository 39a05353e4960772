import { normaliseField, type ServiceNowField, serviceNowFieldInput } from '../../lambdas/shared/servicenow-shape';

/**
 * Reading one Table API row, whichever `sysparm_display_value` it was fetched with:
 * plain strings, or `{value, display_value, link}` objects.
 */

/** A raw row as the Table API returns it. */
export type RawRow = Readonly<Record<string, unknown>>;

const SYS_ID = /^[0-9a-f]{32}$/;

/** A field normalised to `{ value, displayValue, link? }`; a missing field is empty. */
export function field(row: RawRow, name: string): ServiceNowField {
  const parsed = serviceNowFieldInput.safeParse(row[name] ?? '');
  if (!parsed.success) throw new FieldError(name, 'is neither a string nor {value, display_value}');
  return normaliseField(parsed.data);
}

/** The raw value, trimmed; empty when absent. */
export function text(row: RawRow, name: string): string {
  return field(row, name).value.trim();
}

/** The raw value, or null when empty. */
export function optionalText(row: RawRow, name: string): string | null {
  const value = text(row, name);
  return value === '' ? null : value;
}

/** What a person sees: the display value (names of referenced records), or null when empty. */
export function displayText(row: RawRow, name: string): string | null {
  const f = field(row, name);
  const value = (f.displayValue || f.value).trim();
  return value === '' ? null : value;
}

/**
 * The sys_id a reference field points at: its value when that is a sys_id, else the
 * last segment of its link (display-value exports carry only the link); null when the
 * field is empty or names a record only by its display text.
 */
export function referenceSysId(row: RawRow, name: string): string | null {
  const f = field(row, name);
  if (SYS_ID.test(f.value)) return f.value;
  const fromLink = f.link?.split('/').at(-1);
  return fromLink !== undefined && SYS_ID.test(fromLink) ? fromLink : null;
}

/** ServiceNow's `yyyy-MM-dd HH:mm:ss` (UTC) as ISO-8601, or null when empty. */
export function isoDate(row: RawRow, name: string): string | null {
  const value = text(row, name);
  if (value === '') return null;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?Z?$/.exec(value);
  if (match === null) throw new FieldError(name, `is not a ServiceNow date-time (yyyy-MM-dd HH:mm:ss): "${value}"`);
  const iso = `${match[1]}T${match[2]}Z`;
  if (Number.isNaN(Date.parse(iso))) throw new FieldError(name, `is not a valid date: "${value}"`);
  return iso;
}

/** `true`/`false` as ServiceNow stores booleans; `fallback` when empty. */
export function bool(row: RawRow, name: string, fallback: boolean): boolean {
  const value = text(row, name).toLowerCase();
  if (value === '') return fallback;
  return value === 'true' || value === '1';
}

/** A field that cannot be read as its type; the transform reports the record and skips it. */
export class FieldError extends Error {
  override readonly name = 'FieldError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}
