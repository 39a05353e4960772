import { describe, expect, it } from 'vitest';
import { createApp } from '../../../lambdas/api/app';

describe('GET /health', () => {
  it('answers 200 with the version when the database answers', async () => {
    const app = createApp({ checkDatabase: async () => {}, version: '1.2.3' });
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '1.2.3', checks: { database: 'ok' } });
  });

  it('answers 503 degraded when the database does not answer', async () => {
    const app = createApp({
      checkDatabase: async () => {
        throw new Error('connection refused');
      },
      version: '1.2.3',
    });
    const res = await app.request('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded', checks: { database: 'unavailable' } });
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const app = createApp({ checkDatabase: async () => {}, version: '1' });
    const res = await app.request('/nope');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toContain('GET /nope');
    expect(body.error.requestId).toMatch(/.+/);
  });
});
