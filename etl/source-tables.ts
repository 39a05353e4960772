import type { z } from 'zod';
import type { Queryable } from '../lambdas/shared/db/pool';
import type { Embedder } from '../lambdas/shared/embeddings/embedder';
import {
  ChangeModelSchema,
  ChangeRequestSchema,
  CiRelationshipSchema,
  ConfigurationItemSchema,
  IncidentSchema,
  ValidationRuleSchema,
} from '../lambdas/shared/records';
import {
  CHANGE_MODEL_KIND,
  CHANGE_REQUEST_KIND,
  CONFIGURATION_ITEM_KIND,
  type EmbeddedKind,
  embedAndLoad,
  INCIDENT_KIND,
  type LoadOptions,
  type LoadSummary,
  loadCiRelationships,
  VALIDATION_RULE_KIND,
} from './load/load-records';
import type { RawRow } from './transform/fields';
import {
  changeModelFields,
  ciRelationshipFields,
  configurationItemFields,
  validationRuleFields,
} from './transform/reference-data';
import { changeRequestFields, incidentFields } from './transform/tickets';

/** The ServiceNow table the change policy rules are kept in (a custom table on the instance). */
export const RULE_CATALOGUE_TABLE = 'u_switchyard_validation_rule';

/**
 * The ServiceNow tables the ETL reads, in load order: reference data (CMDB, models,
 * rules) before the tickets that point at it.
 */
export const SOURCE_TABLES = [
  'cmdb_ci',
  'cmdb_rel_ci',
  'chg_model',
  RULE_CATALOGUE_TABLE,
  'change_request',
  'incident',
] as const;
export type SourceTable = (typeof SOURCE_TABLES)[number];

/** How one source table becomes records and is loaded. */
export interface SourceTableSpec {
  /** Maps a raw row to record fields; throws FieldError for an unreadable field. */
  readonly toFields: (row: RawRow) => Record<string, unknown>;
  /** The PostgreSQL table the records land in, and whether its rows carry `sys_updated_on`. */
  readonly target: { readonly table: string; readonly versioned: boolean };
  /** Validates the fields as the record type (records.ts). */
  readonly schema: z.ZodType;
  /** Embeds (when embedded) and upserts validated records. */
  readonly load: (
    db: Queryable,
    embedder: Embedder,
    records: readonly unknown[],
    options?: LoadOptions,
  ) => Promise<LoadSummary>;
}

function embedded<T>(kind: EmbeddedKind<T>) {
  return (db: Queryable, embedder: Embedder, records: readonly unknown[], options?: LoadOptions) =>
    embedAndLoad(db, embedder, kind, records as readonly T[], options);
}

/** Each source table's mapping, schema and loader. */
export const SOURCE_TABLE_SPECS: Readonly<Record<SourceTable, SourceTableSpec>> = {
  cmdb_ci: {
    toFields: configurationItemFields,
    target: { table: 'configuration_items', versioned: true },
    schema: ConfigurationItemSchema,
    load: embedded(CONFIGURATION_ITEM_KIND),
  },
  cmdb_rel_ci: {
    toFields: ciRelationshipFields,
    target: { table: 'ci_relationships', versioned: true },
    schema: CiRelationshipSchema,
    load: (db, _embedder, records) => loadCiRelationships(db, records as Parameters<typeof loadCiRelationships>[1]),
  },
  chg_model: {
    toFields: changeModelFields,
    target: { table: 'change_models', versioned: true },
    schema: ChangeModelSchema,
    load: embedded(CHANGE_MODEL_KIND),
  },
  [RULE_CATALOGUE_TABLE]: {
    toFields: validationRuleFields,
    target: { table: 'validation_rules', versioned: false },
    schema: ValidationRuleSchema,
    load: embedded(VALIDATION_RULE_KIND),
  },
  change_request: {
    toFields: changeRequestFields,
    target: { table: 'change_requests', versioned: true },
    schema: ChangeRequestSchema,
    load: embedded(CHANGE_REQUEST_KIND),
  },
  incident: {
    toFields: incidentFields,
    target: { table: 'incidents', versioned: true },
    schema: IncidentSchema,
    load: embedded(INCIDENT_KIND),
  },
};

/** Whether a name is one of the source tables. */
export function isSourceTable(name: string): name is SourceTable {
  return (SOURCE_TABLES as readonly string[]).includes(name);
}

/** Parses a comma-separated table list, naming an unknown table and the known ones. */
export function parseTableList(list: string): SourceTable[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !isSourceTable(name));
  if (unknown.length > 0) {
    throw new Error(`Unknown table ${unknown.join(', ')}; the ETL reads ${SOURCE_TABLES.join(', ')}.`);
  }
  // Keep load order whatever order they were given in.
  return SOURCE_TABLES.filter((table) => names.includes(table));
}
