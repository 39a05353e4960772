export { CHANGE_FLAWS, type ChangeFlaw } from './change-flaws';
export { CHANGE_MODEL_SPECS, type ChangeModelKey } from './change-model-catalog';
export { changeModelSysId } from './change-models';
export {
  DEFAULT_DEMO_SEED,
  type DemoDataset,
  type DemoDatasetOptions,
  generateDemoDataset,
  HISTORY_DAYS,
  SPANISH_SHARE,
} from './dataset';
export { createRng, deriveSysId, type Rng } from './prng';
export { LEAD_TIME_HOURS, yearEndFreeze } from './rules';
export { DEFAULT_NOW } from './time';
