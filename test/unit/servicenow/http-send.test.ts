import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpSend } from '../../../lambdas/shared/servicenow/http-send';

// A real loopback server that echoes what it received and answers as asked by the path.
let server: Server;
let base = '';
const sockets = new Set<string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    sockets.add(`${req.socket.remotePort}`);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const echo = JSON.stringify({
        method: req.method,
        url: req.url,
        body: Buffer.concat(chunks).toString('utf8'),
        authorization: req.headers.authorization,
        contentLength: req.headers['content-length'],
        acceptEncoding: req.headers['accept-encoding'],
      });
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-total-count': '7' });
        res.end(gzipSync(Buffer.from(JSON.stringify({ result: ['añadido', 'ü'] }))));
      } else if (req.url === '/silent') {
        // Never answers: the caller's reply timeout must end the request.
      } else if (req.url === '/missing') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"No Record found"}}');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(echo);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('createHttpSend', () => {
  it('sends the method, headers and body and reads the reply as text and JSON', async () => {
    // arrange
    const send = createHttpSend();
    // act
    const reply = await send(`${base}/api/now/table/incident/x?sysparm_fields=sys_id`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: '{"work_notes":"nota añadida"}',
    });
    // assert
    expect(reply.ok).toBe(true);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('Content-Type')).toBe('application/json');
    expect(await reply.json()).toEqual({
      method: 'PATCH',
      url: '/api/now/table/incident/x?sysparm_fields=sys_id',
      body: '{"work_notes":"nota añadida"}',
      authorization: 'Bearer t',
      contentLength: String(Buffer.byteLength('{"work_notes":"nota añadida"}')),
      acceptEncoding: 'gzip, deflate, br',
    });
  });

  it('decodes a gzip reply and keeps its headers', async () => {
    const reply = await createHttpSend()(`${base}/gzip`, { method: 'GET', headers: {} });
    expect(await reply.json()).toEqual({ result: ['añadido', 'ü'] });
    expect(reply.headers.get('x-total-count')).toBe('7');
    expect(reply.headers.get('link')).toBeNull();
  });

  it('answers a 4xx as a reply that is not ok, with its body', async () => {
    const reply = await createHttpSend()(`${base}/missing`, { method: 'GET', headers: {} });
    expect(reply.ok).toBe(false);
    expect(reply.status).toBe(404);
    expect(await reply.text()).toContain('No Record found');
  });

  it('reuses a kept-alive connection for requests one after another', async () => {
    // arrange
    const send = createHttpSend();
    sockets.clear();
    // act
    for (let i = 0; i < 5; i += 1) await (await send(`${base}/echo`, { method: 'GET', headers: {} })).text();
    // assert
    expect(sockets.size).toBe(1);
  });

  it('rejects when nothing answers, so the client can retry', async () => {
    // arrange: a port that was free a moment ago
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    // act / assert
    await expect(createHttpSend()(`http://127.0.0.1:${port}/x`, { method: 'GET', headers: {} })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it('fails a request whose connection stays silent past the reply timeout, naming the method and host', async () => {
    // arrange
    const send = createHttpSend({ replyTimeoutMs: 100 });
    // act
    const sent = send(`${base}/silent`, { method: 'PATCH', headers: {}, body: '{}' });
    // assert
    await expect(sent).rejects.toThrow(`PATCH ${base}: no reply within 100 ms`);
  });
});
