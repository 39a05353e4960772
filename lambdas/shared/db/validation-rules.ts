import type { ValidationRule } from '../records';
import type { Queryable } from './pool';
import {
  getRecord,
  type RecordTable,
  type UpsertItem,
  type UpsertOptions,
  type UpsertResult,
  upsertRecords,
} from './record-table';

/** A row of `validation_rules` as pg returns it; the record's `check` is split in two columns. */
interface ValidationRuleRow {
  id: string;
  title: string;
  description: string;
  severity: ValidationRule['severity'];
  applies_to: ValidationRule['appliesTo'];
  check_kind: string;
  check_params: Record<string, unknown>;
  active: boolean;
}

/** The one mapping between {@link ValidationRule} and the `validation_rules` table. Last write wins. */
export const VALIDATION_RULES_TABLE: RecordTable<ValidationRule, ValidationRuleRow> = {
  table: 'validation_rules',
  key: 'id',
  keyOf: (rule) => rule.id,
  embedded: true,
  touchedColumn: 'updated_at',
  columns: [
    { column: 'id', value: (r) => r.id },
    { column: 'title', value: (r) => r.title },
    { column: 'description', value: (r) => r.description },
    { column: 'severity', value: (r) => r.severity },
    { column: 'applies_to', value: (r) => JSON.stringify(r.appliesTo), cast: 'jsonb' },
    { column: 'check_kind', value: (r) => r.check.kind },
    { column: 'check_params', value: (r) => JSON.stringify(r.check.params), cast: 'jsonb' },
    { column: 'active', value: (r) => r.active },
  ],
  fromRow: (row) => ({
    id: row.id,
    title: row.title,
    description: row.description,
    severity: row.severity,
    appliesTo: row.applies_to,
    check: { kind: row.check_kind, params: row.check_params },
    active: row.active,
  }),
};

/** Stores validation rules by id; rules carry no version, so the last write wins. */
export function upsertValidationRules(
  db: Queryable,
  items: readonly UpsertItem<ValidationRule>[],
  options?: UpsertOptions,
): Promise<UpsertResult> {
  return upsertRecords(db, VALIDATION_RULES_TABLE, items, options);
}

/** The validation rule with this id, or null. */
export function getValidationRule(db: Queryable, id: string): Promise<ValidationRule | null> {
  return getRecord(db, VALIDATION_RULES_TABLE, id);
}

/** Every active rule, by id; the Rule Extractor narrows them by scope. */
export async function listActiveValidationRules(db: Queryable): Promise<ValidationRule[]> {
  const columns = VALIDATION_RULES_TABLE.columns.map((column) => column.column).join(', ');
  const { rows } = await db.query<ValidationRuleRow>(
    `SELECT ${columns} FROM validation_rules WHERE active ORDER BY id`,
  );
  return rows.map(VALIDATION_RULES_TABLE.fromRow);
}

/** An active rule with its stored embedding (null until the ETL has embedded it). */
export interface EmbeddedValidationRule {
  readonly rule: ValidationRule;
  readonly embedding: number[] | null;
}

/**
 * A SQL expression naming the catalogue's version: a counter every statement that
 * writes `validation_rules` moves (migration 015's trigger), read by one index lookup. A
 * cached copy of the catalogue is current while this value is unchanged.
 */
export const VALIDATION_RULES_VERSION_SQL = `(SELECT version::text FROM catalogue_versions WHERE catalogue = 'validation_rules')`;

/** Every active rule with its embedding, by id: what a per-process cache of the catalogue holds. */
export async function listEmbeddedValidationRules(db: Queryable): Promise<EmbeddedValidationRule[]> {
  const columns = VALIDATION_RULES_TABLE.columns.map((column) => column.column).join(', ');
  const { rows } = await db.query<ValidationRuleRow & { embedding: number[] | string | null }>(
    `SELECT ${columns}, embedding FROM validation_rules WHERE active ORDER BY id`,
  );
  return rows.map((row) => ({ rule: VALIDATION_RULES_TABLE.fromRow(row), embedding: vectorOf(row.embedding) }));
}

/** A vector column as numbers, whether or not the pool parses the vector type. */
export function vectorOf(value: number[] | string | null): number[] | null {
  if (value === null) return null;
  return typeof value === 'string' ? (JSON.parse(value) as number[]) : value;
}
