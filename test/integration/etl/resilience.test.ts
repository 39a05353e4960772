import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runEtl } from '../../../etl/pipeline/run-etl';
import { listPendingPartitions } from '../../../etl/store/run-log';
import { getWatermark } from '../../../lambdas/shared/db/watermarks';
import type { StoredRow } from '../../../local/servicenow-emulator';
import { type EtlHarness, startEtlHarness } from './harness';

/** A valid incident row in Table API shape; `n` makes sys_id and number unique. */
function incidentRow(n: number, overrides: Partial<StoredRow> = {}): StoredRow {
  return {
    sys_id: n.toString(16).padStart(32, '0'),
    number: `INC${String(n).padStart(7, '0')}`,
    short_description: `Billing batch job ${n} fails after the nightly update`,
    description: 'The billing export stops with a timeout on the database connection.',
    priority: { value: '3', display_value: '3 - Moderate' },
    impact: { value: '2', display_value: '2 - Medium' },
    urgency: { value: '2', display_value: '2 - Medium' },
    state: { value: '2', display_value: 'In Progress' },
    opened_at: '2026-10-01 08:00:00',
    // Many rows share each timestamp, so page boundaries fall inside a timestamp.
    sys_updated_on: `2026-10-01 09:${String(Math.floor(n / 7) % 60).padStart(2, '0')}:00`,
    ...overrides,
  };
}

const ROWS = 230;

describe('ETL resilience against the emulator', () => {
  let h: EtlHarness;

  beforeAll(async () => {
    h = await startEtlHarness({ incident: [] });
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(async () => {
    Object.assign(h.emulator.faults, { throttleNext: 0, throttleEvery: 0, failNext: 0 });
    h.emulator.tables.incident = Array.from({ length: ROWS }, (_, i) => incidentRow(i + 1));
    await h.db.pool.query('TRUNCATE incidents, etl_watermarks, etl_partitions, etl_runs, etl_failed_items');
    h.deps.embedder.texts.length = 0;
  });

  it('pages across many pages without losing or duplicating a row', async () => {
    // act: pages of 7 rows, 33 pages, boundaries inside shared timestamps
    const summary = await runEtl(h.deps, { tables: ['incident'], pageSize: 7 });
    // assert
    expect(summary.totals.read).toBe(ROWS);
    expect(summary.partitions).toBe(Math.ceil(ROWS / 7));
    const { rows } = await h.db.pool.query<{ n: number; distinct: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT sys_id)::int AS distinct FROM incidents',
    );
    expect(rows[0]).toEqual({ n: ROWS, distinct: ROWS });
  });

  it('resumes from the watermark after a crash between storing a partition and moving the watermark', async () => {
    // arrange: the third partition is stored, then the process "dies"
    let stored = 0;
    const crashed = await runEtl(h.deps, {
      tables: ['incident'],
      pageSize: 20,
      afterPartitionStored: async () => {
        stored += 1;
        if (stored === 3) throw new Error('simulated crash');
      },
    });
    const watermarkAfterCrash = await getWatermark(h.db.pool, 'incident');
    // act
    const resumed = await runEtl(h.deps, { tables: ['incident'], pageSize: 20 });
    // assert: the crash left the watermark at the second partition; the resumed run re-read from there
    expect(crashed.status).toBe('failed');
    expect(crashed.totals.read).toBe(40);
    expect(watermarkAfterCrash?.lastSysId).toBe((40).toString(16).padStart(32, '0'));
    expect(resumed.status).toBe('succeeded');
    expect(resumed.totals.read).toBe(ROWS - 40);
    const { rows } = await h.db.pool.query<{ n: number; distinct: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT sys_id)::int AS distinct FROM incidents',
    );
    expect(rows[0]).toEqual({ n: ROWS, distinct: ROWS });
    expect(await listPendingPartitions(h.db.pool, ['incident'])).toEqual([]);
  });

  it('survives a 429 storm and counts every throttled request', async () => {
    // arrange: every third request is answered 429 with Retry-After
    h.emulator.faults.throttleEvery = 3;
    const throttledBefore = h.emulator.stats.throttled;
    // act
    const summary = await runEtl(h.deps, { tables: ['incident'], pageSize: 25 });
    // assert
    const served429 = h.emulator.stats.throttled - throttledBefore;
    expect(served429).toBeGreaterThan(3);
    expect(summary.status).toBe('succeeded');
    expect(summary.throttled).toBe(served429);
    expect(summary.totals.loaded).toBe(ROWS);
  });

  it('re-embeds a changed record and not an unchanged one', async () => {
    // arrange
    await runEtl(h.deps, { tables: ['incident'], pageSize: 100 });
    h.deps.embedder.texts.length = 0;
    const rows = h.emulator.tables.incident as StoredRow[];
    Object.assign(rows[0] as StoredRow, {
      short_description: 'Meter data import rejects every file from substation North',
      sys_updated_on: '2026-10-02 10:00:00',
    });
    // Touched but the embedded text is the same: a state change only.
    Object.assign(rows[1] as StoredRow, {
      state: { value: '6', display_value: 'Resolved' },
      sys_updated_on: '2026-10-02 10:00:00',
    });
    // act
    const summary = await runEtl(h.deps, { tables: ['incident'], pageSize: 100 });
    // assert
    expect(summary.totals).toMatchObject({ read: 2, loaded: 2, changed: 2, embedded: 1 });
    expect(h.deps.embedder.texts).toHaveLength(1);
    expect(h.deps.embedder.texts[0]).toContain('Meter data import rejects');
    const { rows: stored } = await h.db.pool.query<{ state: string }>('SELECT state FROM incidents WHERE sys_id = $1', [
      (2).toString(16).padStart(32, '0'),
    ]);
    expect(stored[0]?.state).toBe('resolved');
  });

  it('never lets PII reach the embedding text or the curated bucket', async () => {
    // arrange
    h.emulator.tables.incident = [
      incidentRow(1, {
        short_description: 'Outlook keeps asking Lucía Fernández for her password',
        description:
          '<p>Lucía Fernández (lucia.fernandez@utility.es, móvil +34 612 34 56 78, fijo 912 345 678) ' +
          'cannot open <b>Outlook</b> since the update. Call back on (555) 123-4567. Sra. Fernández is on floor 3.</p>',
        caller_id: { value: 'a'.repeat(32), display_value: 'Lucía Fernández' },
        assigned_to: { value: 'b'.repeat(32), display_value: 'Kevin Walsh' },
        close_notes: 'Kevin Walsh reset the profile; mailed kevin.walsh@utility.com.',
        state: { value: '6', display_value: 'Resolved' },
      }),
    ];
    // act
    const summary = await runEtl(h.deps, { tables: ['incident'] });
    // assert
    expect(summary.totals.loaded).toBe(1);
    const text = h.deps.embedder.texts.join('\n');
    expect(text).toContain('Outlook');
    for (const pii of [
      'Lucía',
      'Fernández',
      'Kevin',
      'Walsh',
      '@utility',
      '612 34 56 78',
      '912 345 678',
      '555',
      '<p>',
    ]) {
      expect(text).not.toContain(pii);
    }
    expect(text).toContain('[person]');
    expect(text).toContain('[email]');
    expect(text).toContain('[phone]');
    const curatedKeys = await h.deps.curated.list('incident/');
    const curated = (await Promise.all(curatedKeys.map((key) => h.deps.curated.get(key)))).join('\n');
    expect(curated).not.toContain('lucia.fernandez@utility.es');
    expect(curated).not.toContain('+34 612');
  });

  it('reports malformed records with their reasons and loads the rest', async () => {
    // arrange
    h.emulator.tables.incident = [
      incidentRow(1),
      incidentRow(2, { number: 'not-a-number' }),
      incidentRow(3, { opened_at: 'yesterday' }),
      incidentRow(4, { state: { value: '42', display_value: 'Exploded' } }),
      incidentRow(5),
    ];
    // act
    const summary = await runEtl(h.deps, { tables: ['incident'] });
    // assert
    expect(summary.status).toBe('succeeded');
    expect(summary.totals).toMatchObject({ read: 5, loaded: 2, skipped: 3, failed: 0 });
    const { rows } = await h.db.pool.query<{ sys_id: string; reason: string }>(
      'SELECT sys_id, reason FROM etl_failed_items WHERE run_id = $1 ORDER BY line',
      [summary.runId],
    );
    expect(rows.map((row) => row.sys_id)).toEqual([2, 3, 4].map((n) => n.toString(16).padStart(32, '0')));
    expect(rows[0]?.reason).toMatch(/^number:/);
    expect(rows[1]?.reason).toMatch(/^opened_at is not a ServiceNow date-time/);
    expect(rows[2]?.reason).toMatch(/^state:/);
  });
});
