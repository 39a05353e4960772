import { type ChangeModel, ChangeModelSchema } from '../../lambdas/shared/records';
import { CHANGE_MODEL_SPECS, type ChangeModelKey, type ChangeModelSpec } from './change-model-catalog';
import { deriveSysId, type Rng } from './prng';
import { DAY_MS, toIso } from './time';

/** Builds the change model records, parsed against the schema. */
export function generateChangeModels(seed: number, rng: Rng, now: number): ChangeModel[] {
  return CHANGE_MODEL_SPECS.map((spec: ChangeModelSpec) =>
    ChangeModelSchema.parse({
      sysId: deriveSysId(seed, 'chg_model', spec.key),
      name: spec.name,
      description: spec.description,
      changeType: spec.changeType,
      technologyFamily: spec.technologyFamily,
      objective: spec.objective,
      environments: spec.environments,
      active: spec.active ?? true,
      sysUpdatedOn: toIso(now - rng.int(30, 700) * DAY_MS),
    }),
  );
}

/** The sys_id of a change model, for changes and rules that point at it. */
export function changeModelSysId(seed: number, key: ChangeModelKey): string {
  return deriveSysId(seed, 'chg_model', key);
}
