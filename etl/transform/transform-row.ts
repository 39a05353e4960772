import { SOURCE_TABLE_SPECS, type SourceTable } from '../source-tables';
import { FieldError, type RawRow } from './fields';

/** One raw row after the transform: a validated record, or why it was skipped. */
export type TransformOutcome =
  | { readonly ok: true; readonly record: unknown }
  | { readonly ok: false; readonly sysId: string | null; readonly reason: string };

/**
 * Normalises one Table API row of a source table into Switchyard's record
 * (value/display_value shapes, references to sys_ids, dates to ISO, choices to
 * names, HTML stripped, PII redacted) and validates it with the record schema.
 * A malformed row is an outcome, not an exception: the caller reports and skips it.
 */
export function transformRow(table: SourceTable, row: unknown): TransformOutcome {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return { ok: false, sysId: null, reason: 'row is not a JSON object' };
  }
  const raw = row as RawRow;
  const sysId = typeof raw.sys_id === 'string' ? raw.sys_id : readSysId(raw.sys_id);
  const spec = SOURCE_TABLE_SPECS[table];
  let fields: Record<string, unknown>;
  try {
    fields = spec.toFields(raw);
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, sysId, reason: error.message };
    throw error;
  }
  const parsed = spec.schema.safeParse(fields);
  if (!parsed.success) {
    const reason = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, sysId, reason };
  }
  return { ok: true, record: parsed.data };
}

function readSysId(value: unknown): string | null {
  if (typeof value === 'object' && value !== null && 'value' in value) {
    const inner = (value as { value: unknown }).value;
    return typeof inner === 'string' ? inner : null;
  }
  return null;
}
