import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpClients, startHttpClients } from '../../bench/http-clients';

describe('the bench clients thread', () => {
  let server: Server;
  let url: string;
  let clients: HttpClients;
  let inFlight = 0;
  let mostInFlight = 0;
  const sockets = new Set<unknown>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      sockets.add(req.socket);
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { n: number };
        setTimeout(() => {
          inFlight -= 1;
          res.writeHead(body.n === 3 ? 409 : 200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ echoed: body.n, auth: req.headers.authorization }));
        }, 5);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
    clients = await startHttpClients();
  });
  afterAll(async () => {
    await clients.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('POSTs every body once with the given headers, at most `clients` at a time over kept-alive sockets', async () => {
    // arrange
    const bodies = Array.from({ length: 24 }, (_, n) => JSON.stringify({ n }));
    // act
    const { results, seconds } = await clients.run({
      url,
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      bodies,
      clients: 4,
    });
    const cpu = await clients.cpuUsage();
    // assert
    const replies = results.map((r) => ({ status: r.status, ...(JSON.parse(r.text) as { echoed: number }) }));
    expect(replies.map((r) => r.echoed).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, n) => n));
    expect(replies.find((r) => r.echoed === 3)?.status).toBe(409);
    expect(replies.every((r) => (r as { auth?: string }).auth === 'Bearer t')).toBe(true);
    expect(mostInFlight).toBeLessThanOrEqual(4);
    expect(sockets.size).toBeLessThanOrEqual(4);
    expect(seconds).toBeGreaterThan(0);
    expect(cpu.user + cpu.system).toBeGreaterThan(0);
  });
});
