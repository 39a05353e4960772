import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../lambdas/shared/errors';
import { ServiceNowClient, staticCredentials, TokenProvider } from '../../../lambdas/shared/servicenow';
import { type RunningEmulator, type StoredRow, startEmulator } from '../../../local/servicenow-emulator';

// The emulator over real loopback HTTP, driven by the real client.
function makeIncident(i: number, overrides: Partial<StoredRow> = {}): StoredRow {
  return {
    sys_id: `inc${String(i).padStart(5, '0')}`,
    number: `INC${String(i).padStart(7, '0')}`,
    // Ten rows share each timestamp, so pages cut through equal timestamps.
    sys_updated_on: `2026-01-01 00:${String(Math.floor(i / 10) % 60).padStart(2, '0')}:00`,
    state: i % 2 === 0 ? '1' : '2',
    short_description: `Incident ${i}`,
    caller_id: { value: `user${i}`, display_value: `Person ${i}`, link: `https://x/api/now/table/sys_user/user${i}` },
    work_notes: '',
    ...overrides,
  };
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
  emulator.tables.incident = Array.from({ length: 95 }, (_, i) => makeIncident(94 - i));
  Object.assign(emulator.faults, { throttleNext: 0, throttleEvery: 0, failNext: 0 });
});

describe('ServiceNow emulator', () => {
  it('pages an ordered read across many pages without losing or repeating a row', async () => {
    const ids: string[] = [];
    for await (const rows of client.pages('incident', { query: 'ORDERBYsys_updated_on^ORDERBYsys_id', pageSize: 7 })) {
      ids.push(...rows.map((r) => String(r.sys_id)));
    }
    expect(ids).toHaveLength(95);
    expect(new Set(ids).size).toBe(95);
    expect(ids[0]).toBe('inc00000');
    expect(ids.at(-1)).toBe('inc00094');
  });

  it('sends X-Total-Count and first/next/last links', async () => {
    const page = await client.queryTable('incident', { query: 'state=1', limit: 10, offset: 10 });
    expect(page.totalCount).toBe(48);
    expect(page.hasNext).toBe(true);
  });

  it.each([
    ['sys_updated_on>2026-01-01 00:08:00', 5],
    ['sys_updated_on>=2026-01-01 00:08:00', 15],
    ['sys_updated_on<2026-01-01 00:01:00', 10],
    ['state!=1', 47],
    ['numberININC0000001,INC0000002', 2],
    ['short_descriptionLIKEident 9', 6],
    ['numberSTARTSWITHINC000009', 5],
    ['state=1^ORsys_id=inc00001', 49],
    ['state=1^sys_updated_on>=2026-01-01 00:09:00', 3],
  ])('filters %s to %i rows', async (query, expected) => {
    const page = await client.queryTable('incident', { query, limit: 1000 });
    expect(page.rows).toHaveLength(expected);
  });

  it.each([
    ['false', 'user3'],
    ['true', 'Person 3'],
    ['all', { value: 'user3', display_value: 'Person 3', link: 'https://x/api/now/table/sys_user/user3' }],
  ] as const)('renders references with sysparm_display_value=%s', async (mode, expected) => {
    const page = await client.queryTable('incident', {
      query: 'sys_id=inc00003',
      displayValue: mode,
      fields: ['caller_id'],
    });
    expect(page.rows).toEqual([{ caller_id: expected }]);
  });

  it('appends work notes as journal entries and stamps sys_updated_on', async () => {
    await client.addWorkNote('incident', 'inc00003', 'first');
    const row = await client.setState('incident', 'inc00003', '6', 'second');
    expect(row.state).toBe('6');
    expect(String(row.work_notes)).toMatch(/\(Work notes\)\nsecond\n\n.*\(Work notes\)\nfirst/s);
    expect(row.sys_updated_on).not.toBe('2026-01-01 00:00:00');
    expect(row.sys_mod_count).toBe('2');
  });

  it('answers a work note with the record receipt only, as asked with sysparm_fields', async () => {
    // act
    const receipt = await client.addWorkNote('incident', 'inc00003', 'first');
    // assert
    expect(receipt).toEqual({ sys_id: 'inc00003', sys_updated_on: expect.any(String), sys_mod_count: '1' });
    const row = await client.getRecord('incident', 'inc00003');
    expect(String(row?.work_notes)).toMatch(/\(Work notes\)\nfirst/);
  });

  it('finds a record by sys_id after rows are replaced, added or re-keyed', async () => {
    // arrange: a first read builds the row index
    expect(await client.getRecord('incident', 'inc00003')).toMatchObject({ short_description: 'Incident 3' });
    const at = emulator.tables.incident?.findIndex((r) => r.sys_id === 'inc00003') as number;
    // act
    (emulator.tables.incident as StoredRow[])[at] = makeIncident(3, { short_description: 'Replaced' });
    emulator.tables.incident?.push(makeIncident(500));
    await client.updateRecord('incident', 'inc00004', { sys_id: 'inc00904' });
    // assert
    expect(await client.getRecord('incident', 'inc00003')).toMatchObject({ short_description: 'Replaced' });
    expect(await client.getRecord('incident', 'inc00500')).toMatchObject({ number: 'INC0000500' });
    expect(await client.getRecord('incident', 'inc00004')).toBeUndefined();
    expect(await client.getRecord('incident', 'inc00904')).toMatchObject({ short_description: 'Incident 4' });
  });

  it('answers a 429 storm with Retry-After and rate-limit headers, which the client survives', async () => {
    // arrange
    emulator.faults.throttleNext = 3;
    emulator.faults.retryAfterSeconds = 0;
    const before = client.stats.throttled;
    // act
    const page = await client.queryTable('incident', { limit: 1 });
    // assert
    expect(page.rows).toHaveLength(1);
    expect(client.stats.throttled - before).toBe(3);
  });

  it('sends the 429 headers ServiceNow sends', async () => {
    emulator.faults.throttleNext = 1;
    const token = await new TokenProvider({
      instanceUrl: emulator.url,
      credentials: staticCredentials({ clientId: 'switchyard', clientSecret: 'switchyard-local' }),
    }).getToken();
    const res = await fetch(`${emulator.url}/api/now/table/incident`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe(String(emulator.faults.retryAfterSeconds));
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await res.json()).toMatchObject({ error: { message: 'Rate limit exceeded' }, status: 'failure' });
  });

  it('answers errors in ServiceNow shape, surfaced by the client', async () => {
    const error = (await client.queryTable('no_such_table').catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toContain('Invalid table no_such_table');
    const bad = (await client.queryTable('incident', { query: 'state~1' }).catch((e: unknown) => e)) as AppError;
    expect(bad.code).toBe('BAD_REQUEST');
  });

  it('rejects requests without a valid bearer token', async () => {
    const res = await fetch(`${emulator.url}/api/now/table/incident`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' },
      status: 'failure',
    });
  });
});
