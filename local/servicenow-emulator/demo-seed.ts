import { type DemoDatasetOptions, generateDemoDataset } from '../demo-data/dataset';
import { toServiceNowTables } from '../demo-data/servicenow-tables';
import type { StoredRow } from './app';

/**
 * The emulator's tables seeded from the demo dataset in Table API shape (incident,
 * change_request, chg_model, cmdb_ci, cmdb_rel_ci, u_switchyard_validation_rule),
 * as an instance would hold them.
 */
export function demoServiceNowTables(options: DemoDatasetOptions = {}): Record<string, StoredRow[]> {
  return toServiceNowTables(generateDemoDataset(options));
}
