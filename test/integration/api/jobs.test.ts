import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJobDispatcher, type JobTicket } from '../../../lambdas/api/jobs/dispatcher';
import { finishChangeValidation, saveValidationFindings } from '../../../lambdas/shared/db/change-validations';
import type { LocalSigningKey } from '../../../local/auth/local-key';
import { authHeader, createTestApp, createTestKey } from '../../fixtures/api/app';
import { changeRecordObjects, changeRecordStrings, incidentRecord, jsonPost } from '../../fixtures/api/records';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';

// The job routes through the real app against PGlite (one connection, as in the local runtime).
let db: TestDatabase;
let key: LocalSigningKey;
let headers: Record<string, string>;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: 4 });
  key = await createTestKey();
  headers = await authHeader(key);
});
afterAll(async () => {
  await db.stop();
});
beforeEach(async () => {
  await db.pool.query('TRUNCATE change_validations, incident_enrichments CASCADE');
});

type Json = Record<string, unknown>;

describe('POST /v1/change-validations', () => {
  it.each([
    ['plain strings', changeRecordStrings()],
    ['{ value, display_value, link } objects', changeRecordObjects()],
  ])('accepts a change_request in Table API shape with %s: 202 with id, status and statusUrl', async (_f, record) => {
    // arrange
    const app = createTestApp(key, { db: db.pool });
    // act
    const res = await app.request(
      '/v1/change-validations',
      jsonPost(record, { ...headers, 'x-request-id': 'snow-42' }),
    );
    // assert
    expect(res.status).toBe(202);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({
      status: 'accepted',
      created: true,
      changeSysId: 'c0ffee00000000000000000000000001',
      changeNumber: 'CHG0030001',
      sysUpdatedOn: '2025-03-02T09:00:00.000Z',
      sysModCount: 4,
      correlationId: 'snow-42',
      dispatch: { dispatched: false },
    });
    expect(body.statusUrl).toBe(`http://localhost/v1/change-validations/${body.id}`);
    expect(body.note).toMatch(/No worker is registered/);
    expect(res.headers.get('location')).toBe(body.statusUrl);
    const stored = await db.pool.query('SELECT request FROM change_validations WHERE id = $1', [body.id]);
    expect(stored.rows[0].request).toEqual(record);
  });

  it('reads the job back at its statusUrl', async () => {
    const app = createTestApp(key, { db: db.pool });
    const created = (await (
      await app.request('/v1/change-validations', jsonPost(changeRecordStrings(), headers))
    ).json()) as Json;
    const res = await app.request(`/v1/change-validations/${created.id}`, { headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: created.id, status: 'accepted', findings: [], verdict: null });
  });

  it.each([
    ['an unknown id', '11111111-2222-4333-8444-555555555555'],
    ['an id that is not a uuid', 'CHG0030001'],
  ])('returns 404 for %s', async (_case, id) => {
    const app = createTestApp(key, { db: db.pool });
    const res = await app.request(`/v1/change-validations/${id}`, { headers });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(id);
  });

  it('hands a new job to the registered worker with its correlation id, once', async () => {
    // arrange
    const tickets: JobTicket[] = [];
    const dispatcher = createJobDispatcher({
      'change-validation': async (ticket) => {
        tickets.push(ticket);
        return { reference: `exec-${ticket.jobId}` };
      },
    });
    const app = createTestApp(key, { db: db.pool, dispatcher });
    // act
    const first = await app.request(
      '/v1/change-validations',
      jsonPost(changeRecordStrings(), { ...headers, 'x-request-id': 'r1' }),
    );
    const retry = await app.request(
      '/v1/change-validations',
      jsonPost(changeRecordStrings(), { ...headers, 'x-request-id': 'r2' }),
    );
    // assert
    const body = (await first.json()) as Json;
    expect(body.dispatch).toEqual({ dispatched: true, reference: `exec-${body.id}` });
    expect(body).not.toHaveProperty('note');
    expect(tickets).toEqual([
      { kind: 'change-validation', jobId: body.id, correlationId: 'r1', record: changeRecordStrings() },
    ]);
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toMatchObject({ id: body.id, created: false, correlationId: 'r1' });
  });

  it('records the job as failed with the reason when the worker cannot take it', async () => {
    const dispatcher = createJobDispatcher({
      'change-validation': async () => {
        throw new Error('StartExecution throttled');
      },
    });
    const app = createTestApp(key, { db: db.pool, dispatcher });
    const res = await app.request('/v1/change-validations', jsonPost(changeRecordStrings(), headers));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('StartExecution throttled'),
      dispatch: { dispatched: false },
    });
  });
});

describe('idempotency', () => {
  it('creates exactly one job from 50 concurrent duplicate POSTs', async () => {
    // arrange
    const app = createTestApp(key, { db: db.pool });
    // act
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.request(
          '/v1/change-validations',
          jsonPost(changeRecordStrings(), { ...headers, 'x-request-id': `dup-${i}` }),
        ),
      ),
    );
    // assert
    const bodies = (await Promise.all(replies.map((r) => r.json()))) as Json[];
    expect(replies.every((r) => r.status === 202)).toBe(true);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(bodies.filter((b) => b.created === true)).toHaveLength(1);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM change_validations');
    expect(rows[0].n).toBe(1);
  });

  it('creates exactly one job from 50 concurrent POSTs with the same Idempotency-Key', async () => {
    const app = createTestApp(key, { db: db.pool });
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.request(
          '/v1/incident-enrichments',
          // Different versions of the record: only the key makes them one delivery.
          jsonPost(
            incidentRecord({
              sys_mod_count: String(i),
              sys_updated_on: `2025-03-03 14:${String(i).padStart(2, '0')}:00`,
            }),
            {
              ...headers,
              'idempotency-key': 'snow-outbound-7f3a',
            },
          ),
        ),
      ),
    );
    const ids = new Set((await Promise.all(replies.map((r) => r.json()))).map((b) => (b as Json).id));
    expect(ids.size).toBe(1);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM incident_enrichments');
    expect(rows[0].n).toBe(1);
  });

  it('treats the same sys_id and sys_mod_count as the same version even if sys_updated_on differs', async () => {
    const app = createTestApp(key, { db: db.pool });
    const a = (await (
      await app.request('/v1/change-validations', jsonPost(changeRecordStrings(), headers))
    ).json()) as Json;
    const b = (await (
      await app.request(
        '/v1/change-validations',
        jsonPost(changeRecordStrings({ sys_updated_on: '2025-03-02 09:00:01' }), headers),
      )
    ).json()) as Json;
    const c = (await (
      await app.request(
        '/v1/change-validations',
        jsonPost(changeRecordStrings({ sys_updated_on: '2025-03-02 10:00:00', sys_mod_count: '5' }), headers),
      )
    ).json()) as Json;
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
  });

  it('returns 409 when an Idempotency-Key is reused for another record', async () => {
    const app = createTestApp(key, { db: db.pool });
    const withKey = { ...headers, 'idempotency-key': 'k-1' };
    await app.request('/v1/change-validations', jsonPost(changeRecordStrings(), withKey));
    const res = await app.request(
      '/v1/change-validations',
      jsonPost(changeRecordStrings({ sys_id: 'c0ffee00000000000000000000000002', number: 'CHG0030002' }), withKey),
    );
    expect(res.status).toBe(409);
  });
});

describe('?wait', () => {
  it('holds the answer until the worker finishes the job, then answers 200 with the result', async () => {
    // arrange: a worker that finishes the job a moment after taking it
    const dispatcher = createJobDispatcher({
      'change-validation': async (ticket) => {
        setTimeout(async () => {
          await saveValidationFindings(db.pool, ticket.jobId, [
            {
              ruleId: 'backout-plan',
              severity: 'blocker',
              passed: true,
              field: 'backout_plan',
              message: 'ok',
              evidence: {},
            },
          ]);
          await finishChangeValidation(db.pool, ticket.jobId, {
            status: 'completed',
            verdict: 'pass',
            result: { ok: true },
          });
        }, 300);
        return {};
      },
    });
    const app = createTestApp(key, { db: db.pool, dispatcher });
    // act
    const res = await app.request('/v1/change-validations?wait=10', jsonPost(changeRecordStrings(), headers));
    // assert
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'completed',
      verdict: 'pass',
      result: { ok: true },
      findings: [{ ruleId: 'backout-plan', passed: true }],
    });
  });

  it('answers 202 with the open job when the wait is over first', async () => {
    const app = createTestApp(key, { db: db.pool });
    const res = await app.request('/v1/incident-enrichments?wait=1', jsonPost(incidentRecord(), headers));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'accepted', note: expect.stringContaining('No worker') });
  });

  it.each(['26', '-1', 'abc', '2.5', '100'])('rejects wait=%s with 422 naming query.wait', async (wait) => {
    const app = createTestApp(key, { db: db.pool });
    const res = await app.request(`/v1/change-validations?wait=${wait}`, jsonPost(changeRecordStrings(), headers));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details[0]?.path).toBe('query.wait');
  });
});

describe('bodies that are not a record', () => {
  it.each<[string, RequestInit, number, string | undefined]>([
    ['not JSON', jsonPost('{"sys_id": '), 400, undefined],
    ['too large', jsonPost({ ...changeRecordStrings(), description: 'x'.repeat(300 * 1024) }), 413, undefined],
    ['not application/json', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' }, 415, undefined],
    ['missing sys_id', jsonPost(changeRecordStrings({ sys_id: undefined })), 422, 'sys_id'],
    ['a malformed sys_id', jsonPost(changeRecordStrings({ sys_id: 'XYZ' })), 422, 'sys_id'],
    [
      'a wrong-typed sys_updated_on',
      jsonPost(changeRecordStrings({ sys_updated_on: ['2025'] })),
      422,
      'sys_updated_on',
    ],
    [
      'an unparseable sys_updated_on',
      jsonPost(changeRecordStrings({ sys_updated_on: 'yesterday' })),
      422,
      'sys_updated_on',
    ],
    ['an incident number', jsonPost(changeRecordStrings({ number: 'INC0010001' })), 422, 'number'],
    ['a negative sys_mod_count', jsonPost(changeRecordStrings({ sys_mod_count: '-3' })), 422, 'sys_mod_count'],
    ['an array body', jsonPost([changeRecordStrings()]), 422, '(body)'],
    [
      'a NUL character PostgreSQL cannot store',
      jsonPost(changeRecordStrings({ description: 'a\u0000b' })),
      422,
      'description',
    ],
    [
      'an unpaired surrogate',
      jsonPost(
        '{"sys_id":"c0ffee00000000000000000000000001","number":"CHG0030001","sys_updated_on":"2025-03-02 09:00:00","x":{"y":"\\ud800"}}',
      ),
      422,
      'x.y',
    ],
  ])('answers %s with the documented status naming the field', async (_case, init, status, field) => {
    // arrange
    const app = createTestApp(key, { db: db.pool });
    // act
    const res = await app.request('/v1/change-validations', {
      ...init,
      headers: { ...(init.headers as Json), ...headers } as never,
    });
    // assert
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; details?: { path: string }[]; requestId: string } };
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    if (field !== undefined) expect(body.error.details?.map((d) => d.path)).toContain(field);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM change_validations');
    expect(rows[0].n).toBe(0);
  });

  it('rejects a malformed Idempotency-Key with 422 naming the header', async () => {
    const app = createTestApp(key, { db: db.pool });
    const res = await app.request(
      '/v1/change-validations',
      jsonPost(changeRecordStrings(), { ...headers, 'idempotency-key': 'has space' }),
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe(
      'header.Idempotency-Key',
    );
  });
});
