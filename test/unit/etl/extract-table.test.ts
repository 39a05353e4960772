import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ExtractCursor, extractTable } from '../../../etl/extract/extract-table';
import { ServiceNowClient, staticCredentials, TokenProvider } from '../../../lambdas/shared/servicenow';
import { type RunningEmulator, type StoredRow, startEmulator } from '../../../local/servicenow-emulator';

function makeRow(sysId: string, updatedOn: string): StoredRow {
  return { sys_id: sysId, sys_updated_on: updatedOn, short_description: sysId };
}

let emulator: RunningEmulator;
let client: ServiceNowClient;

beforeAll(async () => {
  emulator = await startEmulator({ tables: { incident: [] } });
  client = new ServiceNowClient({
    instanceUrl: emulator.url,
    tokens: new TokenProvider({
      instanceUrl: emulator.url,
      credentials: staticCredentials({ clientId: 'switchyard', clientSecret: 'switchyard-local' }),
    }),
    sleep: async () => {},
  });
});
afterAll(() => emulator.close());
beforeEach(() => {
  Object.assign(emulator.faults, { throttleNext: 0, throttleEvery: 0, failNext: 0 });
});

async function collect(from?: ExtractCursor, pageSize = 3) {
  const ids: string[] = [];
  const result = await extractTable({
    client,
    table: 'incident',
    pageSize,
    ...(from === undefined ? {} : { from }),
    onPage: async (rows) => {
      ids.push(...rows.map((r) => String(r.sys_id)));
    },
  });
  return { ids, result };
}

describe('extractTable', () => {
  it('reads rows sharing a timestamp across a page boundary exactly once', async () => {
    // arrange: five rows at one instant, pages of three
    emulator.tables.incident = [
      makeRow('a', '2026-01-01 10:00:00'),
      makeRow('e', '2026-01-01 10:00:05'),
      makeRow('c', '2026-01-01 10:00:05'),
      makeRow('b', '2026-01-01 10:00:05'),
      makeRow('f', '2026-01-01 10:00:05'),
      makeRow('d', '2026-01-01 10:00:05'),
      makeRow('g', '2026-01-01 10:00:09'),
    ];
    // act
    const { ids, result } = await collect();
    // assert
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(result.cursor).toEqual({ updatedOn: '2026-01-01 10:00:09', sysId: 'g' });
  });

  it('reads more rows at one instant than a page holds', async () => {
    emulator.tables.incident = Array.from({ length: 10 }, (_, i) => makeRow(`r${i}`, '2026-01-01 10:00:00'));
    const { ids } = await collect(undefined, 4);
    expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`));
  });

  it('resumes inclusively from a cursor inside a timestamp without repeating or skipping', async () => {
    emulator.tables.incident = [
      makeRow('a', '2026-01-01 10:00:00'),
      makeRow('b', '2026-01-01 10:00:05'),
      makeRow('c', '2026-01-01 10:00:05'),
      makeRow('d', '2026-01-01 10:00:05'),
      makeRow('e', '2026-01-01 10:00:07'),
    ];
    const { ids } = await collect({ updatedOn: '2026-01-01 10:00:05', sysId: 'b' });
    expect(ids).toEqual(['c', 'd', 'e']);
  });

  it('picks up a row updated after the cursor and nothing else', async () => {
    emulator.tables.incident = [makeRow('a', '2026-01-01 10:00:00'), makeRow('b', '2026-01-01 10:00:05')];
    const first = await collect();
    (emulator.tables.incident[0] as StoredRow).sys_updated_on = '2026-01-02 08:00:00';
    const second = await collect(first.result.cursor);
    expect(second.ids).toEqual(['a']);
    const third = await collect(second.result.cursor);
    expect(third.ids).toEqual([]);
    expect(third.result.cursor).toEqual(second.result.cursor);
  });

  it('loses and repeats nothing across many pages under a 429 storm', async () => {
    emulator.tables.incident = Array.from({ length: 500 }, (_, i) =>
      makeRow(`id${String(i).padStart(4, '0')}`, `2026-01-01 10:${String(Math.floor(i / 25)).padStart(2, '0')}:00`),
    );
    emulator.faults.retryAfterSeconds = 0;
    emulator.faults.throttleEvery = 3;
    const before = client.stats.throttled;
    const { ids } = await collect(undefined, 7);
    expect(ids).toHaveLength(500);
    expect(new Set(ids).size).toBe(500);
    expect(client.stats.throttled - before).toBe(emulator.stats.throttled);
    expect(emulator.stats.throttled).toBeGreaterThan(20);
  });
});
