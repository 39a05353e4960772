import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FieldValue, StoredRow } from './app';

/** Where the ServiceNow PDI demo records sit beside the repository (shared folder, may be absent). */
export const PDI_RECORDS_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/data/servicenow-pdi-demo-records',
);

/**
 * Reads a PDI export (Table API, `sysparm_display_value=true`) as emulator rows.
 * References become `{value, display_value, link}` with the sys_id taken from the
 * link; choice fields keep their display text as both value and display value, as
 * the export carries no raw values. Returns undefined when the file is absent.
 */
export async function loadPdiRecords(table: string, dir = PDI_RECORDS_DIR): Promise<StoredRow[] | undefined> {
  let text: string;
  try {
    text = await readFile(resolve(dir, `${table}.json`), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const body = JSON.parse(text) as { result?: unknown };
  if (!Array.isArray(body.result)) throw new Error(`${table}.json: expected {"result": [...]}`);
  return body.result.map((record) => toStoredRow(record as Record<string, unknown>));
}

function toStoredRow(record: Record<string, unknown>): StoredRow {
  const row: StoredRow = {};
  for (const [field, value] of Object.entries(record)) {
    row[field] = toFieldValue(value);
  }
  return row;
}

function toFieldValue(value: unknown): FieldValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    const ref = value as { value?: unknown; display_value?: unknown; link?: unknown };
    const link = typeof ref.link === 'string' ? ref.link : undefined;
    const display = ref.display_value === undefined || ref.display_value === null ? '' : String(ref.display_value);
    const raw = typeof ref.value === 'string' ? ref.value : (link?.split('/').at(-1) ?? display);
    return { value: raw, display_value: display, ...(link === undefined ? {} : { link }) };
  }
  return String(value);
}
