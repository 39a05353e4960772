import type { Queryable } from '../shared/db/pool';
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
