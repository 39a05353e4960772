import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEtl } from '../../../etl/pipeline/run-etl';
import { loadPdiRecords, PDI_RECORDS_DIR, type StoredRow } from '../../../local/servicenow-emulator';
import { type EtlHarness, startEtlHarness } from './harness';

// The real records live in the shared data folder beside the repository; a clone without it skips.
describe.skipIf(!existsSync(PDI_RECORDS_DIR))('real ServiceNow PDI incidents through the whole pipeline', () => {
  let h: EtlHarness;
  let incidents: StoredRow[];

  beforeAll(async () => {
    incidents = (await loadPdiRecords('incident')) ?? [];
    h = await startEtlHarness({ incident: incidents });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('extracts, transforms, embeds and loads every well-formed record', async () => {
    // act
    const summary = await runEtl(h.deps, { tables: ['incident'], pageSize: 10 });
    // assert
    expect(summary.status).toBe('succeeded');
    expect(summary.totals.read).toBe(incidents.length);
    expect(summary.totals.loaded + summary.totals.skipped).toBe(incidents.length);
    const { rows } = await h.db.pool.query<{ n: number; embedded: number }>(
      'SELECT count(*)::int AS n, count(embedding)::int AS embedded FROM incidents',
    );
    expect(rows[0]?.n).toBe(summary.totals.loaded);
    expect(rows[0]?.embedded).toBe(summary.totals.loaded);
    // Display-value export: states, priorities and dates are mapped from their labels.
    const { rows: first } = await h.db.pool.query<{ state: string; priority: number; opened_at: Date }>(
      `SELECT state, priority, opened_at FROM incidents WHERE number = 'INC0000001'`,
    );
    expect(first[0]).toMatchObject({ state: 'closed', priority: 1 });
    expect(first[0]?.opened_at.toISOString()).toBe('2023-07-09T16:09:51.000Z');
  });

  it('keeps the callers and assignees named on the records out of the embedding text', () => {
    const people = new Set<string>();
    for (const row of incidents) {
      for (const field of ['caller_id', 'assigned_to', 'opened_by']) {
        const value = row[field];
        const name = typeof value === 'string' ? value : value?.display_value;
        if (name?.includes(' ')) people.add(name);
      }
    }
    const text = h.deps.embedder.texts.join('\n');
    expect(people.size).toBeGreaterThan(0);
    for (const person of people) expect(text, person).not.toContain(person);
  });
});
