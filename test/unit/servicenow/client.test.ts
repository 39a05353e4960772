import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../lambdas/shared/errors';
import { ServiceNowClient, staticCredentials, TokenProvider } from '../../../lambdas/shared/servicenow';

// A small ServiceNow stand-in over real loopback HTTP: the token endpoint, one table,
// and switches for throttling, server errors and revoked tokens.
interface Row {
  sys_id: string;
  sys_updated_on: string;
  short_description: string;
  work_notes: string;
}

const state = {
  rows: [] as Row[],
  tokensIssued: 0,
  validToken: '',
  failuresLeft: 0,
  failureStatus: 429,
  seen: [] as string[],
};

function makeRows(count: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    sys_id: `id${String(i).padStart(4, '0')}`,
    sys_updated_on: '2026-01-01 00:00:00',
    short_description: `row ${i}`,
    work_notes: '',
  }));
}

function fail(status: number, message: string, detail: string) {
  return new Response(JSON.stringify({ error: { message, detail }, status: 'failure' }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

const app = new Hono();
app.post('/oauth_token.do', async (c) => {
  const form = await c.req.parseBody();
  if (form.client_id !== 'switchyard' || form.client_secret !== 's3cret' || form.grant_type !== 'client_credentials') {
    return c.json({ error: 'access_denied' }, 401);
  }
  state.tokensIssued += 1;
  state.validToken = `token-${state.tokensIssued}`;
  return c.json({ access_token: state.validToken, token_type: 'Bearer', expires_in: 1799 });
});
app.use('/api/*', async (c, next) => {
  state.seen.push(c.req.url);
  if (c.req.header('authorization') !== `Bearer ${state.validToken}`) {
    return fail(401, 'User Not Authenticated', 'Required to provide Auth information');
  }
  if (state.failuresLeft > 0) {
    state.failuresLeft -= 1;
    return state.failureStatus === 429
      ? new Response(JSON.stringify({ error: { message: 'Rate limit exceeded' }, status: 'failure' }), {
          status: 429,
          headers: { 'retry-after': '0', 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0' },
        })
      : fail(state.failureStatus, 'Transaction cancelled', 'maximum execution time exceeded');
  }
  return next();
});
app.get('/api/now/table/:table', (c) => {
  if (c.req.param('table') !== 'incident') return fail(400, 'Invalid table nope', 'Table does not exist');
  const limit = Number(c.req.query('sysparm_limit') ?? '10000');
  const offset = Number(c.req.query('sysparm_offset') ?? '0');
  const result = state.rows.slice(offset, offset + limit);
  const links = offset + limit < state.rows.length ? `<${c.req.url}>;rel="next"` : '';
  return c.json({ result }, 200, { 'x-total-count': String(state.rows.length), link: links });
});
app.get('/api/now/table/:table/:id', (c) => {
  const row = state.rows.find((r) => r.sys_id === c.req.param('id'));
  return row === undefined
    ? fail(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval")
    : c.json({ result: row });
});
app.patch('/api/now/table/:table/:id', async (c) => {
  const row = state.rows.find((r) => r.sys_id === c.req.param('id'));
  if (row === undefined) return fail(404, 'No Record found', "Record doesn't exist");
  const body = (await c.req.json()) as Record<string, string>;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'work_notes') row.work_notes = `${row.work_notes}${row.work_notes ? '\n' : ''}${value}`;
    else (row as unknown as Record<string, string>)[key] = value;
  }
  return c.json({ result: row });
});

let server: ReturnType<typeof serve>;
let instanceUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  instanceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  Object.assign(state, { rows: makeRows(25), failuresLeft: 0, failureStatus: 429, seen: [] });
});

function makeClient(overrides: { clientSecret?: string; maxAttempts?: number } = {}) {
  const waits: number[] = [];
  const tokens = new TokenProvider({
    instanceUrl,
    credentials: staticCredentials({ clientId: 'switchyard', clientSecret: overrides.clientSecret ?? 's3cret' }),
  });
  const client = new ServiceNowClient({
    instanceUrl,
    tokens,
    maxAttempts: overrides.maxAttempts ?? 5,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { client, tokens, waits };
}

describe('ServiceNowClient', () => {
  it('reads every page exactly once with limit and offset', async () => {
    // arrange
    const { client } = makeClient();
    // act
    const seen: string[] = [];
    for await (const rows of client.pages<Row>('incident', {
      query: 'ORDERBYsys_updated_on^ORDERBYsys_id',
      pageSize: 10,
    })) {
      seen.push(...rows.map((r) => r.sys_id));
    }
    // assert
    expect(seen).toEqual(state.rows.map((r) => r.sys_id));
    expect(state.seen).toHaveLength(3);
    const first = new URL(state.seen[0] as string);
    expect(first.searchParams.get('sysparm_query')).toBe('ORDERBYsys_updated_on^ORDERBYsys_id');
    expect(first.searchParams.get('sysparm_limit')).toBe('10');
    expect(first.searchParams.get('sysparm_display_value')).toBe('false');
  });

  it('reports X-Total-Count and the next link of a page', async () => {
    const { client } = makeClient();
    const page = await client.queryTable('incident', { limit: 5, fields: ['sys_id', 'short_description'] });
    expect(page).toMatchObject({ totalCount: 25, hasNext: true });
    expect(page.rows).toHaveLength(5);
    expect(new URL(state.seen[0] as string).searchParams.get('sysparm_fields')).toBe('sys_id,short_description');
  });

  it('caches the OAuth token across requests', async () => {
    const before = state.tokensIssued;
    const { client } = makeClient();
    await client.queryTable('incident', { limit: 1 });
    await client.queryTable('incident', { limit: 1 });
    expect(state.tokensIssued - before).toBe(1);
  });

  it('fetches a new token once when ServiceNow answers 401', async () => {
    const { client } = makeClient();
    await client.queryTable('incident', { limit: 1 });
    state.validToken = 'revoked-and-replaced';
    const page = await client.queryTable('incident', { limit: 1 });
    expect(page.rows).toHaveLength(1);
  });

  it('survives a 429 storm honouring Retry-After and counts it', async () => {
    // arrange
    const { client, waits } = makeClient();
    await client.queryTable('incident', { limit: 1 });
    state.failuresLeft = 4;
    // act
    const page = await client.queryTable('incident', { limit: 1 });
    // assert
    expect(page.rows).toHaveLength(1);
    expect(client.stats).toMatchObject({ throttled: 4, retries: 4 });
    expect(waits).toEqual([0, 0, 0, 0]);
  });

  it('retries 5xx with bounded backoff and surfaces the message when attempts run out', async () => {
    const { client, waits } = makeClient({ maxAttempts: 3 });
    state.failureStatus = 503;
    state.failuresLeft = 10;
    const error = await client.queryTable('incident').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('UNAVAILABLE');
    expect((error as AppError).message).toContain('Transaction cancelled');
    expect(waits).toHaveLength(2);
    expect(waits.every((ms) => ms >= 0 && ms <= 30_000)).toBe(true);
  });

  it("does not retry a 400 and surfaces ServiceNow's error message", async () => {
    const { client } = makeClient();
    const error = (await client.queryTable('nope').catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('Invalid table nope');
    expect(error.details).toMatchObject({ status: 400, attempts: 1, detail: 'Table does not exist' });
    expect(client.stats.retries).toBe(0);
  });

  it('returns undefined for a record that does not exist', async () => {
    const { client } = makeClient();
    expect(await client.getRecord('incident', 'missing')).toBeUndefined();
    expect(await client.getRecord<Row>('incident', 'id0003')).toMatchObject({ short_description: 'row 3' });
  });

  it('appends work notes as journal entries and changes state with PATCH', async () => {
    const { client } = makeClient();
    await client.addWorkNote('incident', 'id0001', 'first note');
    const row = await client.setState('incident', 'id0001', '2', 'second note');
    expect(row).toMatchObject({ state: '2', work_notes: 'first note\nsecond note' });
  });

  it('reports refused client credentials as a dependency failure', async () => {
    const { client } = makeClient({ clientSecret: 'wrong' });
    const error = (await client.queryTable('incident').catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('DEPENDENCY_FAILED');
    expect(error.message).toContain('OAuth');
  });
});

describe('TokenProvider', () => {
  it('renews the token when it is about to expire', async () => {
    let nowMs = 0;
    const before = state.tokensIssued;
    const tokens = new TokenProvider({
      instanceUrl,
      credentials: staticCredentials({ clientId: 'switchyard', clientSecret: 's3cret' }),
      nowMs: () => nowMs,
    });
    await tokens.getToken();
    nowMs = 1_700_000; // 1799 s token, 60 s margin: still valid
    await tokens.getToken();
    nowMs = 1_760_000;
    await tokens.getToken();
    expect(state.tokensIssued - before).toBe(2);
  });
});
