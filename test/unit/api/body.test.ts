import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonBody } from '../../../lambdas/api/body';
import { toErrorReply } from '../../../lambdas/shared/errors';

function createTestApp(): Hono {
  const app = new Hono();
  const schema = z.object({ record: z.object({ sys_id: z.string() }) });
  app.post('/echo', async (c) => c.json(await readJsonBody(c, schema, 1024)));
  app.onError((error, c) => {
    const reply = toErrorReply(error, 'req-1');
    return c.json(reply.body, reply.status as 400);
  });
  return app;
}

const json = { 'content-type': 'application/json' };

describe('readJsonBody', () => {
  it('returns the parsed body when it matches', async () => {
    // act
    const res = await createTestApp().request('/echo', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ record: { sys_id: 'a' } }),
    });
    // assert
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ record: { sys_id: 'a' } });
  });

  it.each([
    ['415 when the content type is not JSON', { 'content-type': 'text/plain' }, '{}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['415 when there is no content type', {}, '{}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['400 when the body is not JSON', json, '{"record":', 400, 'BAD_REQUEST'],
    ['413 when the body is too large', json, JSON.stringify({ pad: 'x'.repeat(2000) }), 413, 'PAYLOAD_TOO_LARGE'],
  ])('returns %s', async (_name, headers, body, status, code) => {
    // act
    const res = await createTestApp().request('/echo', { method: 'POST', headers, body });
    // assert
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('returns 422 naming the field path when the schema fails', async () => {
    // act
    const res = await createTestApp().request('/echo', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ record: { sys_id: 5 } }),
    });
    // assert
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { message: string; details: { path: string }[] } };
    expect(body.error.message).toContain('record.sys_id');
    expect(body.error.details[0]?.path).toBe('record.sys_id');
  });
});
