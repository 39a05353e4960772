import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantResponder, AssistantTurn } from '../../../lambdas/api/assistant/responder';
import { ROLES } from '../../../lambdas/api/auth';
import { type LocalSigningKey, signLocalToken } from '../../../local/auth/local-key';
import { authHeader, createTestApp, createTestKey } from '../../fixtures/api/app';
import { jsonPost } from '../../fixtures/api/records';
import { startTestDatabase, type TestDatabase } from '../../fixtures/db/database';

// Assistant sessions through the real app, stored in PGlite.
let db: TestDatabase;
let key: LocalSigningKey;
let headers: Record<string, string>;

beforeAll(async () => {
  db = await startTestDatabase({ embeddingDimension: 4 });
  key = await createTestKey();
  headers = await authHeader(key, [ROLES.assistant]);
});
afterAll(async () => {
  await db.stop();
});
beforeEach(async () => {
  await db.pool.query('TRUNCATE assistant_sessions CASCADE');
});

type Json = Record<string, unknown>;

async function openSession(app: ReturnType<typeof createTestApp>, body?: unknown): Promise<Json> {
  const res = await app.request(
    '/v1/assistant/sessions',
    body === undefined ? { method: 'POST', headers } : jsonPost(body, headers),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as Json;
}

describe('assistant sessions', () => {
  it('opens a session (201) that its owner can read back', async () => {
    const app = createTestApp(key, { db: db.pool });
    const session = await openSession(app, { language: 'es' });
    const res = await app.request(`/v1/assistant/sessions/${session.id}`, { headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: session.id,
      language: 'es',
      messages: [],
      slots: {},
      recommendations: [],
    });
  });

  it('opens a session with the defaults when the POST has no body', async () => {
    const app = createTestApp(key, { db: db.pool });
    expect(await openSession(app)).toMatchObject({ language: 'en' });
  });

  it('hides a session from another caller (404)', async () => {
    const app = createTestApp(key, { db: db.pool });
    const session = await openSession(app);
    const { SignJWT, importJWK } = await import('jose');
    const stranger = await new SignJWT({ roles: [ROLES.assistant], oid: 'someone-else' })
      .setProtectedHeader({ alg: 'ES256', kid: key.privateJwk.kid ?? 'k' })
      .setIssuer('https://login.switchyard.local/local-tenant/v2.0')
      .setAudience('api://switchyard')
      .setExpirationTime('5m')
      .sign(await importJWK(key.privateJwk, 'ES256'));
    const res = await app.request(`/v1/assistant/sessions/${session.id}`, {
      headers: { authorization: `Bearer ${stranger}` },
    });
    expect(res.status).toBe(404);
  });

  it('answers 410 for an expired session', async () => {
    const app = createTestApp(key, { db: db.pool });
    const session = await openSession(app);
    await db.pool.query(
      `UPDATE assistant_sessions SET created_at = now() - interval '1 hour', expires_at = now() - interval '1 minute' WHERE id = $1`,
      [session.id],
    );
    const res = await app.request(`/v1/assistant/sessions/${session.id}`, { headers });
    expect(res.status).toBe(410);
  });
});

describe('assistant messages', () => {
  it('stores the message and says honestly that no assistant answered when none is registered (202)', async () => {
    const app = createTestApp(key, { db: db.pool });
    const session = await openSession(app);
    const res = await app.request(
      `/v1/assistant/sessions/${session.id}/messages`,
      jsonPost({ content: 'Quiero parchear el historiador SCADA' }, { ...headers, 'x-request-id': 'chat-1' }),
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({
      status: 'awaiting_responder',
      reply: null,
      created: true,
      message: { role: 'user', content: 'Quiero parchear el historiador SCADA', correlationId: 'chat-1' },
      note: expect.stringContaining('No assistant is registered'),
    });
  });

  it('stores the registered responder’s reply and session state (200)', async () => {
    // arrange
    const turns: AssistantTurn[] = [];
    const assistant: AssistantResponder = async (turn) => {
      turns.push(turn);
      return { content: `echo: ${turn.message.content}`, slots: { environment: 'production' } };
    };
    const app = createTestApp(key, { db: db.pool, assistant });
    const session = await openSession(app);
    // act
    const res = await app.request(
      `/v1/assistant/sessions/${session.id}/messages`,
      jsonPost({ content: 'hello' }, headers),
    );
    const read = (await (await app.request(`/v1/assistant/sessions/${session.id}`, { headers })).json()) as Json;
    // assert
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'answered',
      reply: { role: 'assistant', content: 'echo: hello' },
    });
    expect(turns[0]?.history.map((m) => m.content)).toEqual(['hello']);
    expect(read).toMatchObject({ slots: { environment: 'production' } });
    expect((read.messages as Json[]).map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('stores a message retried with the same Idempotency-Key once', async () => {
    const app = createTestApp(key, { db: db.pool });
    const session = await openSession(app);
    const withKey = { ...headers, 'idempotency-key': 'msg-1' };
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        app.request(`/v1/assistant/sessions/${session.id}/messages`, jsonPost({ content: 'hola' }, withKey)),
      ),
    );
    const bodies = (await Promise.all(replies.map((r) => r.json()))) as Json[];
    expect(bodies.filter((b) => b.created === true)).toHaveLength(1);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM assistant_messages');
    expect(rows[0].n).toBe(1);
  });

  it.each([
    ['an empty content', { content: '   ' }, 'content'],
    ['a wrong-typed content', { content: 42 }, 'content'],
    ['an unknown field', { content: 'hi', role: 'assistant' }, '(body)'],
  ])('rejects %s with 422 naming the field', async (_case, body, field) => {
    const app = createTestApp(key, { db: db.pool });
    const session = await openSession(app);
    const res = await app.request(`/v1/assistant/sessions/${session.id}/messages`, jsonPost(body, headers));
    expect(res.status).toBe(422);
    expect(
      ((await res.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path),
    ).toContain(field);
  });

  it('requires the Switchyard.Assistant role (403 naming it)', async () => {
    const app = createTestApp(key, { db: db.pool });
    const token = await signLocalToken(key, [ROLES.read, ROLES.changes, ROLES.incidents]);
    const res = await app.request('/v1/assistant/sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('Switchyard.Assistant');
  });
});
