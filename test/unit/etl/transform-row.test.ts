import { describe, expect, it } from 'vitest';
import { SOURCE_TABLES, type SourceTable } from '../../../etl/source-tables';
import { redactNames } from '../../../etl/transform/redact';
import { peopleOf } from '../../../etl/transform/tickets';
import { transformRow } from '../../../etl/transform/transform-row';
import { generateDemoDataset } from '../../../local/demo-data';
import { toServiceNowTables } from '../../../local/demo-data/servicenow-tables';
import { createEmulatorApp, type StoredRow } from '../../../local/servicenow-emulator';

const dataset = generateDemoDataset({ incidents: 60, changeRequests: 20 });
const tables = toServiceNowTables(dataset);
const DATASET_KEY = {
  incident: 'incidents',
  change_request: 'changeRequests',
  chg_model: 'changeModels',
  cmdb_ci: 'configurationItems',
  cmdb_rel_ci: 'ciRelationships',
  u_switchyard_validation_rule: 'validationRules',
} as const satisfies Record<SourceTable, keyof typeof dataset>;

// Reads rows through the emulator so they have the shape a real Table API answer has.
async function fetchRows(table: string, displayValue: 'false' | 'true' | 'all'): Promise<unknown[]> {
  const emulator = createEmulatorApp({ tables });
  const token = (await (
    await emulator.app.request('/oauth_token.do', {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'switchyard',
        client_secret: 'switchyard-local',
      }),
    })
  ).json()) as { access_token: string };
  const res = await emulator.app.request(`/api/now/table/${table}?sysparm_display_value=${displayValue}`, {
    headers: { authorization: `Bearer ${token.access_token}` },
  });
  return ((await res.json()) as { result: unknown[] }).result;
}

describe('transformRow', () => {
  it.each(SOURCE_TABLES)(
    'turns the seeded %s rows (display values "all") back into the demo records',
    async (table) => {
      // act
      const rows = await fetchRows(table, 'all');
      const records = rows.map((row) => transformRow(table, row));
      // assert: identical, except names a reporter wrote into the text are redacted
      const expected = dataset[DATASET_KEY[table]] as Record<string, unknown>[];
      expect(records.every((r) => r.ok)).toBe(true);
      records.forEach((outcome, i) => {
        const record = (outcome as { record: Record<string, unknown> }).record;
        const original = expected[i] as Record<string, unknown>;
        expect({ ...record, description: undefined }).toEqual({ ...original, description: undefined });
        if ('description' in original) {
          const people = peopleOf(rows[i] as Record<string, unknown>, ['caller_id', 'opened_by', 'assigned_to']);
          expect(record.description).toBe(redactNames(String(original.description), people));
        }
      });
    },
  );

  it('maps raw values alone (sysparm_display_value=false): references keep their sys_ids', async () => {
    // act
    const [row] = await fetchRows('incident', 'false');
    const outcome = transformRow('incident', row);
    // assert
    const original = dataset.incidents[0];
    expect(outcome).toMatchObject({
      ok: true,
      record: { sysId: original?.sysId, state: original?.state, cmdbCi: original?.cmdbCi },
    });
  });

  it('maps display values alone (a display-value export): states and priorities from their labels', () => {
    // arrange
    const row: StoredRow = {
      sys_id: 'c'.repeat(32),
      number: 'INC0000099',
      short_description: 'Email down',
      priority: '2 - High',
      impact: '1 - High',
      urgency: '2 - Medium',
      state: 'On Hold',
      opened_at: '2023-01-02 03:04:05',
      sys_updated_on: '2023-01-03 03:04:05',
      cmdb_ci: 'MailServerUS',
    };
    // act
    const outcome = transformRow('incident', row);
    // assert
    expect(outcome).toMatchObject({
      ok: true,
      record: { priority: 2, impact: 1, urgency: 2, state: 'on_hold', cmdbCi: null, openedAt: '2023-01-02T03:04:05Z' },
    });
  });

  it.each([
    ['not an object', 'row is not a JSON object'],
    [{ sys_id: 'x', number: 'INC0000001' }, 'sysId'],
    [{ sys_id: 'd'.repeat(32), sys_updated_on: ['2026-01-01'] }, 'sys_updated_on is neither'],
  ])('reports a malformed row (%j) instead of throwing', (row, reason) => {
    const outcome = transformRow('incident', row);
    expect(outcome.ok).toBe(false);
    expect((outcome as { reason: string }).reason).toContain(reason);
  });
});
