import type pg from 'pg';
import { AppError } from '../errors';
import type { ChangeStateName, ChangeType, Environment, Incident, Language, ValidationRule } from '../records';
import { changeStateValue } from './change-requests';
import { type EmbeddedTable, embeddedTableKey } from './embeddings';
import { type Queryable, toVectorParam, withTransaction } from './pool';

/**
 * Similar-record search: the k records nearest to an embedding by cosine distance,
 * optionally filtered. Filters are whitelisted per table and always bound as
 * parameters; no caller value is ever spliced into the SQL text.
 */

export type SimilarTable = EmbeddedTable;

/** The filters each table accepts; every one is optional and they combine with AND. */
export interface SimilarFilters {
  readonly incidents: {
    readonly states?: readonly Incident['state'][];
    readonly cmdbCi?: string;
    /** ISO-8601; opened at or after. */
    readonly openedAfter?: string;
    /** ISO-8601; opened at or before. */
    readonly openedBefore?: string;
    readonly language?: Language;
    readonly excludeIds?: readonly string[];
  };
  readonly change_requests: {
    readonly states?: readonly ChangeStateName[];
    readonly types?: readonly ChangeType[];
    readonly cmdbCi?: string;
    /** ISO-8601; planned start at or after. */
    readonly startAfter?: string;
    /** ISO-8601; planned start at or before. */
    readonly startBefore?: string;
    readonly language?: Language;
    readonly excludeIds?: readonly string[];
  };
  readonly change_models: {
    readonly changeTypes?: readonly ChangeType[];
    readonly technologyFamily?: string;
    /** Models that list this environment. */
    readonly environment?: Environment;
    readonly active?: boolean;
    readonly excludeIds?: readonly string[];
  };
  readonly configuration_items: {
    readonly classNames?: readonly string[];
    readonly environment?: Environment;
    readonly excludeIds?: readonly string[];
  };
  readonly validation_rules: {
    readonly active?: boolean;
    readonly severity?: ValidationRule['severity'];
    readonly excludeIds?: readonly string[];
  };
}

export interface SimilarQuery<T extends SimilarTable> {
  readonly table: T;
  readonly embedding: readonly number[];
  /** How many records to return at most (1–1000). */
  readonly k: number;
  readonly filters?: SimilarFilters[T];
}

/** One neighbour. `number` is the ServiceNow number (rule id for rules; null for models and CIs). */
export interface SimilarRecord {
  readonly id: string;
  readonly number: string | null;
  readonly title: string;
  /** 1 − cosine distance: 1 is the same direction, 0 unrelated, −1 opposite. */
  readonly score: number;
}

type Operator = 'eq' | 'in' | 'notIn' | 'gte' | 'lte' | 'arrayHas';

interface FilterSpec {
  readonly column: string;
  readonly operator: Operator;
  /** The SQL type of the bound value (element type for in/notIn). */
  readonly type: 'text' | 'smallint' | 'timestamptz' | 'boolean';
  readonly convert?: (value: never) => unknown;
}

interface TableSpec {
  readonly number: string;
  readonly title: string;
  readonly filters: Readonly<Record<string, FilterSpec>>;
}

const excludeIds = (column: string): FilterSpec => ({ column, operator: 'notIn', type: 'text' });

const TABLES: Readonly<Record<SimilarTable, TableSpec>> = {
  incidents: {
    number: 'number',
    title: 'short_description',
    filters: {
      states: { column: 'state', operator: 'in', type: 'text' },
      cmdbCi: { column: 'cmdb_ci', operator: 'eq', type: 'text' },
      openedAfter: { column: 'opened_at', operator: 'gte', type: 'timestamptz' },
      openedBefore: { column: 'opened_at', operator: 'lte', type: 'timestamptz' },
      language: { column: 'language', operator: 'eq', type: 'text' },
      excludeIds: excludeIds('sys_id'),
    },
  },
  change_requests: {
    number: 'number',
    title: 'short_description',
    filters: {
      states: {
        column: 'state',
        operator: 'in',
        type: 'smallint',
        convert: (states: readonly ChangeStateName[]) => states.map(changeStateValue),
      },
      types: { column: 'type', operator: 'in', type: 'text' },
      cmdbCi: { column: 'cmdb_ci', operator: 'eq', type: 'text' },
      startAfter: { column: 'start_date', operator: 'gte', type: 'timestamptz' },
      startBefore: { column: 'start_date', operator: 'lte', type: 'timestamptz' },
      language: { column: 'language', operator: 'eq', type: 'text' },
      excludeIds: excludeIds('sys_id'),
    },
  },
  change_models: {
    number: 'NULL::text',
    title: 'name',
    filters: {
      changeTypes: { column: 'change_type', operator: 'in', type: 'text' },
      technologyFamily: { column: 'technology_family', operator: 'eq', type: 'text' },
      environment: { column: 'environments', operator: 'arrayHas', type: 'text' },
      active: { column: 'active', operator: 'eq', type: 'boolean' },
      excludeIds: excludeIds('sys_id'),
    },
  },
  configuration_items: {
    number: 'NULL::text',
    title: 'name',
    filters: {
      classNames: { column: 'class_name', operator: 'in', type: 'text' },
      environment: { column: 'environment', operator: 'eq', type: 'text' },
      excludeIds: excludeIds('sys_id'),
    },
  },
  validation_rules: {
    number: 'id',
    title: 'title',
    filters: {
      active: { column: 'active', operator: 'eq', type: 'boolean' },
      severity: { column: 'severity', operator: 'eq', type: 'text' },
      excludeIds: excludeIds('id'),
    },
  },
};

/** pgvector's default `hnsw.ef_search`: an HNSW scan yields at most this many rows unless raised. */
const DEFAULT_EF_SEARCH = 40;
const MAX_K = 1000;

/**
 * The `k` records of `table` nearest to `embedding`, best first. Rows without an
 * embedding are never returned. A zero vector (the embedding of an empty text) has no
 * direction, so nothing is similar to it: the result is empty rather than NaN scores.
 *
 * With filters, or k above 40, the search raises `hnsw.ef_search` to k and turns on
 * pgvector's iterative index scan (strict order) so filtering cannot starve the
 * result. Those settings are transaction-local: given the pool, the search runs in
 * its own transaction; given a client, they apply only if the client is in one.
 */
export async function findSimilar<T extends SimilarTable>(
  db: Queryable,
  query: SimilarQuery<T>,
): Promise<SimilarRecord[]> {
  const { text, values } = buildSimilarQuery(query);
  if (query.embedding.every((component) => component === 0)) return [];
  const tuned = query.k > DEFAULT_EF_SEARCH || Object.values(query.filters ?? {}).some((v) => v !== undefined);
  if (!tuned) return (await db.query<SimilarRecord>(text, values)).rows;

  const search = async (client: Queryable): Promise<SimilarRecord[]> => {
    await client.query(
      `SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'strict_order', true)`,
      [String(Math.max(DEFAULT_EF_SEARCH, query.k))],
    );
    return (await client.query<SimilarRecord>(text, values)).rows;
  };
  return isPool(db) ? withTransaction(db, search) : search(db);
}

/** The SQL and parameters of a similar-record search; exported for unit tests. */
export function buildSimilarQuery<T extends SimilarTable>(query: SimilarQuery<T>): { text: string; values: unknown[] } {
  const key = embeddedTableKey(query.table);
  const spec = TABLES[query.table];
  if (!Number.isInteger(query.k) || query.k < 1 || query.k > MAX_K) {
    throw new AppError('BAD_REQUEST', `k must be an integer from 1 to ${MAX_K}; got ${query.k}.`);
  }
  if (query.embedding.length === 0) {
    throw new AppError('BAD_REQUEST', 'The embedding to search with is empty.');
  }
  const values: unknown[] = [toVectorParam(query.embedding), query.k];
  const conditions = ['embedding IS NOT NULL'];
  for (const [name, value] of Object.entries(query.filters ?? {})) {
    if (value === undefined) continue;
    const filter = spec.filters[name];
    if (filter === undefined) {
      throw new AppError(
        'BAD_REQUEST',
        `Filter "${name}" does not apply to ${query.table}; allowed: ${Object.keys(spec.filters).join(', ')}.`,
      );
    }
    values.push(filter.convert === undefined ? value : filter.convert(value as never));
    conditions.push(condition(filter, `$${values.length}`));
  }
  const text =
    `SELECT ${key} AS id, ${spec.number} AS number, ${spec.title} AS title, 1 - (embedding <=> $1::vector) AS score ` +
    `FROM ${query.table} WHERE ${conditions.join(' AND ')} ORDER BY embedding <=> $1::vector LIMIT $2`;
  return { text, values };
}

function condition(filter: FilterSpec, parameter: string): string {
  const { column, type } = filter;
  switch (filter.operator) {
    case 'eq':
      return `${column} = ${parameter}::${type}`;
    case 'in':
      return `${column} = ANY(${parameter}::${type}[])`;
    case 'notIn':
      return `${column} <> ALL(${parameter}::${type}[])`;
    case 'gte':
      return `${column} >= ${parameter}::${type}`;
    case 'lte':
      return `${column} <= ${parameter}::${type}`;
    case 'arrayHas':
      return `${parameter}::${type} = ANY(${column})`;
  }
}

// A pool hands out clients; a client (which also has connect()) can be released.
function isPool(db: Queryable): db is pg.Pool {
  return 'connect' in db && !('release' in db);
}
