import type { Queryable } from '../shared/db/pool';
import { buildSimilarQuery } from '../shared/db/similar';
import type { ChangeModel } from '../shared/records';

/** A change model as the assistant needs it: the catalogue columns, no embedding. */
export type CatalogueModel = Omit<ChangeModel, 'sysUpdatedOn' | 'active'>;

interface CatalogueRow {
  sys_id: string;
  name: string;
  description: string;
  change_type: ChangeModel['changeType'];
  technology_family: string;
  objective: string;
  environments: ChangeModel['environments'];
}

/** The active change models, by name: what the assistant may recommend. */
export async function loadActiveCatalogue(db: Queryable): Promise<CatalogueModel[]> {
  const { rows } = await db.query<CatalogueRow>(
    `SELECT sys_id, name, description, change_type, technology_family, objective, environments
       FROM change_models WHERE active ORDER BY name`,
  );
  return rows.map((row) => ({
    sysId: row.sys_id,
    name: row.name,
    description: row.description,
    changeType: row.change_type,
    technologyFamily: row.technology_family,
    objective: row.objective,
    environments: row.environments,
  }));
}

/**
 * Where the catalogue stands: it changes when a model is added or removed, (de)activated,
 * or written by the ETL (`loaded_at`, `sys_updated_on`), so a process keeps its parsed
 * catalogue and gazetteer until the next turn sees another version.
 */
const CATALOGUE_VERSION_SQL = `SELECT count(*) || '/' || count(*) FILTER (WHERE active) || '/' ||
    coalesce(max(loaded_at)::text, '') || '/' || coalesce(max(sys_updated_on)::text, '') AS version
  FROM change_models`;

/** The catalogue's vector similarity to a text and its version, read together. */
export interface CatalogueSearch {
  /** Cosine similarity (pgvector) of each of the nearest models, by sys_id. */
  readonly similarity: Map<string, number>;
  /** Changes whenever the active catalogue may have. */
  readonly version: string;
}

/**
 * The `k` change models nearest to `embedding` by pgvector cosine distance (the same
 * query as findSimilar), and the catalogue version, in one statement.
 */
export async function searchCatalogue(
  db: Queryable,
  embedding: readonly number[],
  k: number,
): Promise<CatalogueSearch> {
  // A zero vector (an empty text) has no direction: nothing is similar to it.
  if (embedding.every((component) => component === 0)) {
    const { rows } = await db.query<{ version: string }>(CATALOGUE_VERSION_SQL);
    return { similarity: new Map(), version: rows[0]?.version ?? '' };
  }
  const nearest = buildSimilarQuery({ table: 'change_models', embedding: [...embedding], k });
  const { rows } = await db.query<{ version: string; id: string | null; score: number | null }>(
    `WITH v AS (${CATALOGUE_VERSION_SQL}), n AS (${nearest.text})
     SELECT v.version, n.id, n.score FROM v LEFT JOIN n ON true`,
    nearest.values,
  );
  const similarity = new Map<string, number>();
  for (const row of rows) if (row.id !== null && row.score !== null) similarity.set(row.id, Number(row.score));
  return { similarity, version: rows[0]?.version ?? '' };
}
