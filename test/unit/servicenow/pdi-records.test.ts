import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceNowClient, staticCredentials, TokenProvider } from '../../../lambdas/shared/servicenow';
import {
  loadPdiRecords,
  PDI_RECORDS_DIR,
  type RunningEmulator,
  startEmulator,
} from '../../../local/servicenow-emulator';

const present = existsSync(join(PDI_RECORDS_DIR, 'incident.json'));

describe('PDI demo records', () => {
  it('reads nothing, without failing, when the shared folder is absent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdi-'));
    expect(await loadPdiRecords('incident', dir)).toBeUndefined();
  });

  describe.runIf(present)('served by the emulator', () => {
    let emulator: RunningEmulator;
    let client: ServiceNowClient;
    beforeAll(async () => {
      emulator = await startEmulator({ tables: { incident: (await loadPdiRecords('incident')) ?? [] } });
      client = new ServiceNowClient({
        instanceUrl: emulator.url,
        tokens: new TokenProvider({
          instanceUrl: emulator.url,
          credentials: staticCredentials({ clientId: 'switchyard', clientSecret: 'switchyard-local' }),
        }),
      });
    });
    afterAll(() => emulator.close());

    it('serves all 67 incidents in sys_updated_on order', async () => {
      const rows: Record<string, unknown>[] = [];
      for await (const page of client.pages('incident', {
        query: 'ORDERBYsys_updated_on^ORDERBYsys_id',
        pageSize: 10,
      })) {
        rows.push(...page);
      }
      expect(rows).toHaveLength(67);
      const stamps = rows.map((r) => String(r.sys_updated_on));
      expect(stamps).toEqual([...stamps].sort());
    });

    it('serves references with their sys_id as value and the person as display value', async () => {
      const { rows } = await client.queryTable('incident', {
        query: 'number=INC0000001',
        displayValue: 'all',
        fields: ['opened_by'],
      });
      expect(rows[0]?.opened_by).toEqual({
        value: '681ccaf9c0a8016400b98a06818d57c7',
        display_value: 'Joe Employee',
        link: 'https://dev215901.service-now.com/api/now/table/sys_user/681ccaf9c0a8016400b98a06818d57c7',
      });
    });
  });
});
