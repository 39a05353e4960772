import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionListKey } from '../../../etl/extract/raw-layout';
import { runBackfill } from '../../../etl/pipeline/backfill';
import { runEtl } from '../../../etl/pipeline/run-etl';
import { SOURCE_TABLES } from '../../../etl/source-tables';
import { listPendingPartitions } from '../../../etl/store/run-log';
import { countRecords } from '../../../lambdas/shared/db/counts';
import { getWatermark } from '../../../lambdas/shared/db/watermarks';
import { demoServiceNowTables } from '../../../local/servicenow-emulator';
import { type EtlHarness, startEtlHarness } from './harness';

const demo = { incidents: 120, changeRequests: 40 };

describe('the ETL against the emulator seeded with the demo dataset', () => {
  let h: EtlHarness;

  beforeAll(async () => {
    h = await startEtlHarness(demoServiceNowTables(demo));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('loads every table on a first run and moves every watermark to the newest row', async () => {
    // act
    const summary = await runEtl(h.deps, { pageSize: 50 });
    // assert
    expect(summary.status).toBe('succeeded');
    expect(summary.errors).toEqual([]);
    const counts = await countRecords(h.db.pool);
    expect(counts.incidents).toBe(120);
    expect(counts.change_requests).toBe(40);
    expect(counts.configuration_items).toBe(h.emulator.tables.cmdb_ci?.length);
    expect(counts.ci_relationships).toBe(h.emulator.tables.cmdb_rel_ci?.length);
    expect(counts.change_models).toBe(h.emulator.tables.chg_model?.length);
    expect(counts.validation_rules).toBe(h.emulator.tables.u_switchyard_validation_rule?.length);
    expect(summary.totals).toMatchObject({ skipped: 0, failed: 0 });
    expect(summary.totals.read).toBe(summary.totals.loaded);
    expect(summary.totals.changed).toBe(summary.totals.loaded);
    for (const table of SOURCE_TABLES) {
      expect(await getWatermark(h.db.pool, table), table).not.toBeNull();
    }
    const listed = JSON.parse((await h.deps.raw.get(partitionListKey(summary.runId))) ?? '[]') as unknown[];
    expect(listed).toHaveLength(summary.partitions);
  });

  it('reads nothing and embeds nothing on a second run with no changes', async () => {
    // act
    const summary = await runEtl(h.deps, { pageSize: 50 });
    // assert
    expect(summary.totals).toEqual({ read: 0, changed: 0, embedded: 0, loaded: 0, skipped: 0, failed: 0 });
  });

  it("backfills (the state machine's steps on one machine): full extract, sealed partition list, per-partition loads", async () => {
    // act
    const summary = await runBackfill(h.deps, { pageSize: 50 });
    // assert
    expect(summary.status).toBe('succeeded');
    const items = JSON.parse((await h.deps.raw.get(partitionListKey(summary.runId))) ?? '[]') as { key: string }[];
    expect(items).toHaveLength(summary.partitions);
    expect(summary.totals.read).toBe(summary.totals.loaded);
    // Nothing changed in ServiceNow: every record is re-read and re-loaded, none is newer (the rules carry no version).
    expect(summary.totals).toMatchObject({ embedded: 0, skipped: 0, failed: 0 });
    expect(summary.totals.changed).toBe(summary.tables.u_switchyard_validation_rule?.changed);
    expect(await listPendingPartitions(h.db.pool, SOURCE_TABLES)).toEqual([]);
    const { rows } = await h.db.pool.query<{ mode: string; status: string }>(
      'SELECT mode, status FROM etl_runs WHERE run_id = $1',
      [summary.runId],
    );
    expect(rows[0]).toEqual({ mode: 'backfill', status: 'succeeded' });
  });
});
