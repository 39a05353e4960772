import { setTimeout as sleep } from 'node:timers/promises';
import { Hono } from 'hono';
import { applyQuery, parseQuery, type Row } from './query';

/** A field as stored: a raw value, or a reference/choice with its display value. */
export type FieldValue = string | { readonly value: string; readonly display_value: string; readonly link?: string };

/** A table row as stored by the emulator. */
export type StoredRow = Record<string, FieldValue>;

/** Switches that make the emulator misbehave the way a busy instance does. */
export interface EmulatorFaults {
  /** Answer this many next API requests with 429. */
  throttleNext: number;
  /** Answer every n-th API request with 429 (0: never), a steady storm. */
  throttleEvery: number;
  /** Answer this many next API requests with `failStatus`. */
  failNext: number;
  /** @default 503 */
  failStatus: number;
  /** Seconds sent in Retry-After with a 429. */
  retryAfterSeconds: number;
  /** Added to every API request. */
  latencyMs: number;
}

export interface EmulatorOptions {
  /** Rows per table, keyed by table name. */
  readonly tables: Record<string, StoredRow[]>;
  /** The OAuth client the token endpoint accepts. */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Seconds an issued token lives. @default 1800 */
  readonly tokenTtlSeconds?: number;
  /** The clock, for sys_updated_on on writes. @default () => new Date() */
  readonly now?: () => Date;
}

/** Counters the tests and the local runtime read. */
export interface EmulatorStats {
  requests: number;
  throttled: number;
  failed: number;
  tokensIssued: number;
}

const JOURNAL_FIELDS = new Set(['work_notes', 'comments']);

/** The emulator: a hono app serving the Table API subset Switchyard uses, plus its faults and counters. */
export function createEmulatorApp(options: EmulatorOptions) {
  const clientId = options.clientId ?? 'switchyard';
  const clientSecret = options.clientSecret ?? 'switchyard-local';
  const ttl = options.tokenTtlSeconds ?? 1800;
  const now = options.now ?? (() => new Date());
  const tokens = new Map<string, number>();
  const faults: EmulatorFaults = {
    throttleNext: 0,
    throttleEvery: 0,
    failNext: 0,
    failStatus: 503,
    retryAfterSeconds: 1,
    latencyMs: 0,
  };
  const stats: EmulatorStats = { requests: 0, throttled: 0, failed: 0, tokensIssued: 0 };
  const tables = options.tables;
  const app = new Hono();

  app.post('/oauth_token.do', async (c) => {
    const form = await c.req.parseBody();
    if (form.grant_type !== 'client_credentials') {
      return c.json(
        { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' },
        400,
      );
    }
    if (form.client_id !== clientId || form.client_secret !== clientSecret) {
      return c.json({ error: 'access_denied', error_description: 'access_denied' }, 401);
    }
    stats.tokensIssued += 1;
    const token = `emu-${stats.tokensIssued}-${Math.random().toString(36).slice(2)}`;
    tokens.set(token, Date.now() + ttl * 1000);
    return c.json({ access_token: token, scope: 'useraccount', token_type: 'Bearer', expires_in: ttl });
  });

  app.use('/api/*', async (c, next) => {
    stats.requests += 1;
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const token = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const expiresAt = token === undefined ? undefined : tokens.get(token);
    if (expiresAt === undefined || expiresAt < Date.now()) {
      return failure(401, 'User Not Authenticated', 'Required to provide Auth information');
    }
    const stormHit = faults.throttleEvery > 0 && stats.requests % faults.throttleEvery === 0;
    if (faults.throttleNext > 0 || stormHit) {
      if (!stormHit) faults.throttleNext -= 1;
      stats.throttled += 1;
      const res = failure(429, 'Rate limit exceeded', 'Too many requests for this user');
      res.headers.set('retry-after', String(faults.retryAfterSeconds));
      res.headers.set('x-ratelimit-limit', '100');
      res.headers.set('x-ratelimit-remaining', '0');
      res.headers.set('x-ratelimit-reset', String(Math.ceil(Date.now() / 1000) + faults.retryAfterSeconds));
      return res;
    }
    if (faults.failNext > 0) {
      faults.failNext -= 1;
      stats.failed += 1;
      return failure(faults.failStatus, 'Transaction cancelled', 'The transaction was cancelled by the server');
    }
    return next();
  });

  app.get('/api/now/table/:table', (c) => {
    const table = c.req.param('table');
    const rows = tables[table];
    if (rows === undefined) return failure(400, `Invalid table ${table}`, null);
    let parsed: ReturnType<typeof parseQuery>;
    try {
      parsed = parseQuery(c.req.query('sysparm_query') ?? '');
    } catch (error) {
      return failure(400, (error as Error).message, null);
    }
    const limit = Number(c.req.query('sysparm_limit') ?? '10000');
    const offset = Number(c.req.query('sysparm_offset') ?? '0');
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
      return failure(400, 'Invalid sysparm_limit or sysparm_offset', null);
    }
    const matched = applyQuery(rows.map(rawView), parsed);
    const ids = matched.slice(offset, offset + limit).map((r) => r.sys_id);
    const byId = new Map(rows.map((r) => [raw(r.sys_id), r]));
    const mode = displayMode(c.req.query('sysparm_display_value'));
    const fields = fieldList(c.req.query('sysparm_fields'));
    const result = ids.map((id) => render(byId.get(id ?? '') as StoredRow, mode, fields));
    const headers: Record<string, string> = { 'x-total-count': String(matched.length) };
    headers.link = pageLinks(c.req.url, offset, limit, matched.length);
    return c.json({ result }, 200, headers);
  });

  app.get('/api/now/table/:table/:sysId', (c) => {
    const row = findRow(tables[c.req.param('table')], c.req.param('sysId'));
    if (row === undefined)
      return failure(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
    return c.json({
      result: render(row, displayMode(c.req.query('sysparm_display_value')), fieldList(c.req.query('sysparm_fields'))),
    });
  });

  app.patch('/api/now/table/:table/:sysId', async (c) => {
    const row = findRow(tables[c.req.param('table')], c.req.param('sysId'));
    if (row === undefined)
      return failure(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return failure(400, 'Exception while reading request', 'The payload is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return failure(400, 'Exception while reading request', 'The payload must be a JSON object');
    }
    const stamp = serviceNowDate(now());
    for (const [field, value] of Object.entries(body as Record<string, unknown>)) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      if (JOURNAL_FIELDS.has(field)) {
        // Journal fields collect entries, newest first, each with its header.
        const previous = raw(row[field]);
        const entry = `${stamp} - switchyard (${field === 'work_notes' ? 'Work notes' : 'Additional comments'})\n${text}\n`;
        row[field] = previous === '' ? entry : `${entry}\n${previous}`;
      } else {
        row[field] = text;
      }
    }
    row.sys_updated_on = stamp;
    row.sys_mod_count = String(Number(raw(row.sys_mod_count) || '0') + 1);
    return c.json({
      result: render(row, displayMode(c.req.query('sysparm_display_value')), fieldList(c.req.query('sysparm_fields'))),
    });
  });

  app.notFound(() => failure(400, 'Requested URI does not represent any resource', null));

  return { app, faults, stats, tables };
}

/** The emulator's hono app and its handles. */
export type EmulatorApp = ReturnType<typeof createEmulatorApp>;

function failure(status: number, message: string, detail: string | null): Response {
  return new Response(JSON.stringify({ error: { message, detail }, status: 'failure' }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

// Each table's rows by sys_id, built on first use. Tables are plain arrays that tests and
// writes may change, so every hit is checked against the array and a miss rebuilds.
const rowIndexes = new WeakMap<StoredRow[], Map<string, { row: StoredRow; at: number }>>();

/** The row with this sys_id (the first, as a scan would find it), or undefined. */
function findRow(rows: StoredRow[] | undefined, sysId: string): StoredRow | undefined {
  if (rows === undefined) return undefined;
  const hit = rowIndexes.get(rows)?.get(sysId);
  if (hit !== undefined && rows[hit.at] === hit.row && raw(hit.row.sys_id) === sysId) return hit.row;
  const index = new Map<string, { row: StoredRow; at: number }>();
  rows.forEach((row, at) => {
    const id = raw(row.sys_id);
    if (!index.has(id)) index.set(id, { row, at });
  });
  rowIndexes.set(rows, index);
  return index.get(sysId)?.row;
}

function raw(value: FieldValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : value.value;
}

function rawView(row: StoredRow): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, raw(v)]));
}

function displayMode(value: string | undefined): 'false' | 'true' | 'all' {
  return value === 'true' || value === 'all' ? value : 'false';
}

function fieldList(value: string | undefined): string[] | undefined {
  return value === undefined || value === '' ? undefined : value.split(',').map((f) => f.trim());
}

function render(row: StoredRow, mode: 'false' | 'true' | 'all', fields: string[] | undefined) {
  const names = fields ?? Object.keys(row);
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const value = row[name] ?? '';
    if (typeof value === 'string') {
      out[name] = mode === 'all' ? { display_value: value, value } : value;
    } else if (mode === 'false') {
      out[name] = value.value;
    } else if (mode === 'true') {
      out[name] = value.display_value;
    } else {
      out[name] = value;
    }
  }
  return out;
}

function pageLinks(url: string, offset: number, limit: number, total: number): string {
  const at = (o: number) => {
    const u = new URL(url);
    u.searchParams.set('sysparm_offset', String(o));
    u.searchParams.set('sysparm_limit', String(limit));
    return u.toString();
  };
  const links = [`<${at(0)}>;rel="first"`];
  if (offset > 0) links.push(`<${at(Math.max(0, offset - limit))}>;rel="prev"`);
  if (offset + limit < total) links.push(`<${at(offset + limit)}>;rel="next"`);
  const last = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  links.push(`<${at(last)}>;rel="last"`);
  return links.join(',');
}

/** ServiceNow's date-time text (UTC): `YYYY-MM-DD HH:mm:ss`. */
export function serviceNowDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
