import { Agent, request } from 'node:http';
import { parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * The bench's load generator on its own thread: N concurrent HTTP clients with a
 * keep-alive agent, so the system under test does not also run its callers on its event
 * loop (in production the callers are ServiceNow and other machines). The clients still
 * share the machine's cores; `cpuUsage` says what they cost.
 *
 * Node runs this file as is in the worker (type stripping): keep it to erasable
 * TypeScript and node: imports only.
 */

const CLIENT_THREAD = 'switchyard-bench-http-clients';

/** What one request yields: its latency, its HTTP status and its reply's text (parsed by the caller after the clock stops). */
export interface ClientResult {
  readonly ms: number;
  readonly status: number;
  readonly text: string;
}

interface LoadRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly bodies: readonly string[];
  readonly clients: number;
}

/** A thread running concurrent HTTP clients, one load at a time. */
export interface HttpClients {
  /** POSTs every body to `url` with `clients` concurrent callers; resolves with the results in completion order. */
  run(load: LoadRequest): Promise<{ results: ClientResult[]; seconds: number }>;
  /** CPU the client thread has used so far, in µs. */
  cpuUsage(): Promise<{ readonly user: number; readonly system: number }>;
  stop(): Promise<void>;
}

/** Starts the client thread; resolves once it runs. */
export async function startHttpClients(): Promise<HttpClients> {
  const thread = new Worker(new URL(import.meta.url), { workerData: CLIENT_THREAD });
  await new Promise<void>((resolve, reject) => {
    thread.once('online', () => resolve());
    thread.once('error', reject);
  });
  thread.unref();
  let pending: { resolve: (v: never) => void; reject: (e: Error) => void } | undefined;
  thread.on('message', (message: { error?: string; results?: ClientResult[]; seconds?: number }) => {
    const waiting = pending;
    pending = undefined;
    if (waiting === undefined) return;
    if (message.error !== undefined) waiting.reject(new Error(message.error));
    else waiting.resolve({ results: message.results, seconds: message.seconds } as never);
  });
  thread.on('error', (error) => pending?.reject(error));
  return {
    run: (load) =>
      new Promise((resolve, reject) => {
        pending = { resolve: resolve as (v: never) => void, reject };
        thread.postMessage(load);
      }),
    cpuUsage: () => thread.cpuUsage(),
    stop: async () => {
      await thread.terminate();
    },
  };
}

function post(
  agent: Agent,
  url: URL,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function runLoad(load: LoadRequest): Promise<{ results: ClientResult[]; seconds: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: load.clients });
  const url = new URL(load.url);
  const results: ClientResult[] = [];
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: load.clients }, async () => {
        for (let n = next++; n < load.bodies.length; n = next++) {
          const t0 = performance.now();
          const { status, text } = await post(agent, url, load.headers, load.bodies[n] as string);
          const ms = performance.now() - t0;
          results.push({ ms, status, text });
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { results, seconds: (performance.now() - started) / 1000 };
}

if (parentPort !== null && workerData === CLIENT_THREAD) {
  const port = parentPort;
  port.on('message', (load: LoadRequest) => {
    runLoad(load).then(
      (done) => port.postMessage(done),
      (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
