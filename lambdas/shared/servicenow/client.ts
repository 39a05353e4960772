import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors';
import { createHttpSend, type HttpReply, type HttpSend } from './http-send';
import type { TokenProvider } from './token';

/** `sysparm_display_value`: raw values, display values, or both per field. */
export type DisplayValueMode = 'false' | 'true' | 'all';

/** One Table API read. */
export interface TableQuery {
  /** Encoded query, e.g. `sys_updated_on>=2026-01-01 00:00:00^ORDERBYsys_updated_on^ORDERBYsys_id`. */
  readonly query?: string;
  readonly fields?: readonly string[];
  readonly limit?: number;
  readonly offset?: number;
  readonly displayValue?: DisplayValueMode;
  /** Drops reference links from the reply. @default true */
  readonly excludeReferenceLink?: boolean;
}

/** One page of a Table API read. */
export interface TablePage<Row> {
  readonly rows: Row[];
  /** `X-Total-Count`, when ServiceNow sent it. */
  readonly totalCount: number | undefined;
  /** Whether the `Link` header names a `next` page. */
  readonly hasNext: boolean;
}

/** Counters a caller may read (the ETL reports them). */
export interface ServiceNowClientStats {
  requests: number;
  retries: number;
  throttled: number;
  serverErrors: number;
}

export interface ServiceNowClientOptions {
  readonly instanceUrl: string;
  readonly tokens: TokenProvider;
  /** How a request is sent (`fetch` fits). @default node:http/https with kept-alive connections ({@link createHttpSend}) */
  readonly fetch?: HttpSend;
  /** Attempts per request including the first. @default 5 */
  readonly maxAttempts?: number;
  /** First backoff when no Retry-After is given; doubles per attempt. @default 500 */
  readonly baseDelayMs?: number;
  /** Ceiling of any single wait, Retry-After included. @default 30000 */
  readonly maxDelayMs?: number;
  /** The wait, injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The ServiceNow Table API client every agent and the ETL share: reads with encoded
 * queries and paging, PATCH writes (fields, state, work notes), OAuth bearer tokens,
 * bounded retries of 429 and 5xx honouring `Retry-After`.
 */
export class ServiceNowClient {
  readonly stats: ServiceNowClientStats = { requests: 0, retries: 0, throttled: 0, serverErrors: 0 };
  private readonly fetchFn: HttpSend;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly wait: (ms: number) => Promise<void>;

  constructor(private readonly options: ServiceNowClientOptions) {
    this.fetchFn = options.fetch ?? defaultSend();
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.wait = options.sleep ?? ((ms) => sleep(ms).then(() => undefined));
  }

  /** GET /api/now/table/{table} — one page. */
  async queryTable<Row = Record<string, unknown>>(table: string, q: TableQuery = {}): Promise<TablePage<Row>> {
    const params = new URLSearchParams();
    if (q.query !== undefined) params.set('sysparm_query', q.query);
    if (q.fields !== undefined) params.set('sysparm_fields', q.fields.join(','));
    if (q.limit !== undefined) params.set('sysparm_limit', String(q.limit));
    if (q.offset !== undefined) params.set('sysparm_offset', String(q.offset));
    params.set('sysparm_display_value', q.displayValue ?? 'false');
    params.set('sysparm_exclude_reference_link', String(q.excludeReferenceLink ?? true));
    const res = await this.send('GET', `/api/now/table/${encodeURIComponent(table)}?${params}`);
    const body = (await res.json()) as { result?: unknown };
    if (!Array.isArray(body.result)) {
      throw new AppError('DEPENDENCY_FAILED', `ServiceNow answered GET ${table} without a result array`);
    }
    const total = res.headers.get('x-total-count');
    return {
      rows: body.result as Row[],
      totalCount: total === null ? undefined : Number(total),
      hasNext: /rel="next"/.test(res.headers.get('link') ?? ''),
    };
  }

  /** Every page of a read, `pageSize` rows at a time, by offset. */
  async *pages<Row = Record<string, unknown>>(
    table: string,
    q: Omit<TableQuery, 'limit' | 'offset'> & { readonly pageSize?: number },
  ): AsyncGenerator<Row[]> {
    const pageSize = q.pageSize ?? 1000;
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.queryTable<Row>(table, { ...q, limit: pageSize, offset });
      if (page.rows.length > 0) yield page.rows;
      if (page.rows.length < pageSize || !page.hasNext) return;
    }
  }

  /** GET /api/now/table/{table}/{sys_id}; undefined when ServiceNow answers 404. */
  async getRecord<Row = Record<string, unknown>>(
    table: string,
    sysId: string,
    q: Pick<TableQuery, 'fields' | 'displayValue'> = {},
  ): Promise<Row | undefined> {
    const params = new URLSearchParams({ sysparm_display_value: q.displayValue ?? 'false' });
    if (q.fields !== undefined) params.set('sysparm_fields', q.fields.join(','));
    try {
      const res = await this.send(
        'GET',
        `/api/now/table/${encodeURIComponent(table)}/${encodeURIComponent(sysId)}?${params}`,
      );
      return ((await res.json()) as { result: Row }).result;
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  /**
   * PATCH /api/now/table/{table}/{sys_id} with field values; returns the updated row, or
   * only `q.fields` of it (`sysparm_fields`).
   */
  async updateRecord<Row = Record<string, unknown>>(
    table: string,
    sysId: string,
    fields: Readonly<Record<string, string>>,
    q: Pick<TableQuery, 'fields'> = {},
  ): Promise<Row> {
    const params = new URLSearchParams({ sysparm_display_value: 'false' });
    if (q.fields !== undefined) params.set('sysparm_fields', q.fields.join(','));
    const res = await this.send(
      'PATCH',
      `/api/now/table/${encodeURIComponent(table)}/${encodeURIComponent(sysId)}?${params}`,
      fields,
    );
    return ((await res.json()) as { result: Row }).result;
  }

  /**
   * Appends a journal entry to `work_notes` (ServiceNow adds, never overwrites, journal
   * fields). Returns the record's `sys_id`, `sys_updated_on` and `sys_mod_count` only: the
   * whole record would carry its every work note back, growing with each one written.
   */
  addWorkNote(table: string, sysId: string, note: string): Promise<Record<string, unknown>> {
    return this.updateRecord(table, sysId, { work_notes: note }, { fields: WRITE_RECEIPT });
  }

  /** Moves a record to a state (the raw value, e.g. `-4` for an assessed change), with an optional work note. */
  setState(table: string, sysId: string, state: string, workNote?: string): Promise<Record<string, unknown>> {
    return this.updateRecord(table, sysId, { state, ...(workNote === undefined ? {} : { work_notes: workNote }) });
  }

  private async send(method: 'GET' | 'PATCH', path: string, body?: unknown): Promise<HttpReply> {
    let refreshedToken = false;
    for (let attempt = 1; ; attempt += 1) {
      const token = await this.options.tokens.getToken();
      this.stats.requests += 1;
      let res: HttpReply;
      try {
        res = await this.fetchFn(`${this.options.instanceUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (cause) {
        // A dropped connection is as transient as a 503.
        if (attempt >= this.maxAttempts) {
          throw new AppError('UNAVAILABLE', `ServiceNow did not answer ${method} ${stripQuery(path)}`, { cause });
        }
        this.stats.retries += 1;
        await this.wait(this.backoffMs(attempt, null));
        continue;
      }
      if (res.ok) return res;
      if (res.status === 401 && !refreshedToken) {
        // The cached token may have been revoked: fetch a new one once.
        refreshedToken = true;
        this.options.tokens.invalidate();
        await res.body?.cancel();
        continue;
      }
      const retryable = res.status === 429 || res.status >= 500;
      if (res.status === 429) this.stats.throttled += 1;
      if (res.status >= 500) this.stats.serverErrors += 1;
      if (retryable && attempt < this.maxAttempts) {
        this.stats.retries += 1;
        const delay = this.backoffMs(attempt, res.headers.get('retry-after'));
        await res.body?.cancel();
        await this.wait(delay);
        continue;
      }
      throw await toServiceNowError(method, path, res, attempt);
    }
  }

  private backoffMs(attempt: number, retryAfter: string | null): number {
    const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, this.maxDelayMs);
    const exp = this.baseDelayMs * 2 ** (attempt - 1);
    // Full jitter keeps many workers from retrying in step.
    return Math.min(Math.round(exp / 2 + (Math.random() * exp) / 2), this.maxDelayMs);
  }
}

/** What a write that needs no more of the record asks back. */
const WRITE_RECEIPT = ['sys_id', 'sys_updated_on', 'sys_mod_count'] as const;

/** ServiceNow's error body: `{"error":{"message","detail"},"status":"failure"}`. */
async function toServiceNowError(method: string, path: string, res: HttpReply, attempts: number): Promise<AppError> {
  const text = await res.text();
  let message: string | undefined;
  let detail: string | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown; detail?: unknown } };
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
    if (typeof parsed.error?.detail === 'string') detail = parsed.error.detail;
  } catch {
    // Not JSON (a proxy's HTML page): keep the status only.
  }
  const where = `${method} ${stripQuery(path)}`;
  const details = { status: res.status, attempts, ...(detail === undefined ? {} : { detail }) };
  const text_ = `ServiceNow ${where} failed (HTTP ${res.status}): ${message ?? (text.slice(0, 200) || 'no message')}`;
  const code =
    res.status === 404
      ? 'NOT_FOUND'
      : res.status === 429
        ? 'THROTTLED'
        : res.status === 401 || res.status === 403
          ? 'DEPENDENCY_FAILED'
          : res.status === 400
            ? 'BAD_REQUEST'
            : res.status >= 500
              ? 'UNAVAILABLE'
              : 'DEPENDENCY_FAILED';
  return new AppError(code, text_, { details });
}

// One transport (and so one pool of kept-alive connections) for every client in the process.
let shared: HttpSend | undefined;
function defaultSend(): HttpSend {
  shared ??= createHttpSend();
  return shared;
}

function stripQuery(path: string): string {
  return path.split('?')[0] ?? path;
}
