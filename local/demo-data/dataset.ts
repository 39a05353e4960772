import type {
  ChangeModel,
  ChangeRequest,
  CiRelationship,
  ConfigurationItem,
  Incident,
  ValidationRule,
} from '../../lambdas/shared/records';
import { generateChangeModels } from './change-models';
import { generateChangeRequests } from './changes';
import { generateCmdb } from './cmdb';
import { generateIncidents } from './incidents';
import { createRng } from './prng';
import { generateValidationRules } from './rules';
import { DEFAULT_NOW } from './time';

/** Everything the local runtime loads at start, every record valid against its schema. */
export interface DemoDataset {
  configurationItems: ConfigurationItem[];
  ciRelationships: CiRelationship[];
  changeModels: ChangeModel[];
  changeRequests: ChangeRequest[];
  incidents: Incident[];
  validationRules: ValidationRule[];
}

/** Size, seed and reference time of the demo dataset. */
export interface DemoDatasetOptions {
  /** @default 20261101 */
  readonly seed?: number;
  /** @default 600 */
  readonly incidents?: number;
  /** @default 150 */
  readonly changeRequests?: number;
  /** The moment the dataset is "as of"; never the wall clock by default. @default DEFAULT_NOW (2026-11-01T00:00:00Z) */
  readonly now?: Date;
}

/** The seed used when none is given. */
export const DEFAULT_DEMO_SEED = 20261101;

/** Share of tickets (incidents and changes) written in Spanish. */
export const SPANISH_SHARE = 0.4;

/** Days of incident history before `now`. */
export const HISTORY_DAYS = 180;

/**
 * Generates the demo dataset of an electric and gas utility: its CMDB, change model
 * catalogue, change policy, and a history of changes and incidents in English and
 * Spanish. Deterministic: the same options give the same records, byte for byte.
 */
export function generateDemoDataset(options: DemoDatasetOptions = {}): DemoDataset {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const nowMs = (options.now ?? DEFAULT_NOW).getTime();
  const incidentCount = options.incidents ?? 600;
  const changeCount = options.changeRequests ?? 150;
  for (const [name, value] of [
    ['incidents', incidentCount],
    ['changeRequests', changeCount],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`generateDemoDataset: ${name} must be a whole number of records, 0 or more; got ${value}.`);
    }
  }
  if (Number.isNaN(nowMs)) throw new RangeError('generateDemoDataset: now is an invalid Date.');
  // Each part draws from its own stream, so asking for more incidents leaves the CMDB as it was.
  const rng = createRng(seed);
  const cmdb = generateCmdb(seed, rng.fork('cmdb'), nowMs);
  const changes = generateChangeRequests({
    seed,
    rng: rng.fork('changes'),
    nowMs,
    count: changeCount,
    entries: cmdb.entries,
    spanishShare: SPANISH_SHARE,
  });
  const incidents = generateIncidents({
    seed,
    rng: rng.fork('incidents'),
    nowMs,
    count: incidentCount,
    entries: cmdb.entries,
    changes,
    spanishShare: SPANISH_SHARE,
    historyDays: HISTORY_DAYS,
  });
  return {
    configurationItems: cmdb.entries.map((entry) => entry.ci),
    ciRelationships: [...cmdb.relationships],
    changeModels: generateChangeModels(seed, rng.fork('models'), nowMs),
    changeRequests: changes.map((change) => change.record),
    incidents,
    validationRules: generateValidationRules(seed, nowMs),
  };
}
