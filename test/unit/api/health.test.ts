import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalSigningKey } from '../../../local/auth/local-key';
import { createTestApp, createTestKey } from '../../fixtures/api/app';

let key: LocalSigningKey;
beforeAll(async () => {
  key = await createTestKey();
});

describe('GET /health', () => {
  it('answers 200 with the version when the database answers, without a token', async () => {
    const app = createTestApp(key, { version: '1.2.3' });
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '1.2.3', checks: { database: 'ok' } });
  });

  it('answers 503 degraded when the database does not answer', async () => {
    const app = createTestApp(key, {
      checkDatabase: async () => {
        throw new Error('connection refused');
      },
    });
    const res = await app.request('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded', checks: { database: 'unavailable' } });
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const app = createTestApp(key);
    const res = await app.request('/nope');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toContain('GET /nope');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });
});
