import { createServer, type Server, type Socket } from 'node:net';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

/**
 * The local database's own thread: PGlite executes queries synchronously in WASM, so on
 * the runtime's thread every query would stall the HTTP server and the agents. Here it
 * runs beside them, on the machine's second core, and serves the PostgreSQL wire
 * protocol: to the runtime's `pg` pool over a MessagePort, to psql and other tools on
 * loopback TCP.
 *
 * Node 24 runs this file as is (type stripping): keep it to erasable TypeScript and
 * package imports only.
 */

/** What the runtime passes in. */
export interface DatabaseThreadOptions {
  readonly dataDir: string | undefined;
  readonly host: string;
  readonly port: number;
}

/** What the runtime's thread asks: open a connection over this port, or stop. */
export interface ConnectRequest {
  readonly kind: 'connect';
  readonly port: MessagePort;
}

function isConnectRequest(request: unknown): request is ConnectRequest {
  return typeof request === 'object' && request !== null && (request as { kind?: unknown }).kind === 'connect';
}

/** What the thread reports back. */
export type DatabaseThreadMessage =
  | { readonly kind: 'serving'; readonly port: number }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'stopped' };

async function serve(port: NonNullable<typeof parentPort>, options: DatabaseThreadOptions): Promise<void> {
  const db = await PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    extensions: { vector },
  });
  let server: Server;
  try {
    server = await listen(db, options.host, options.port);
  } catch (error) {
    await db.close();
    throw error;
  }
  port.on('message', (request: unknown) => {
    if (isConnectRequest(request)) servePort(db, request.port);
    if (request !== 'stop') return;
    void (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const transport of open) transport.close();
      });
      await db.close(); // flushes to dataDir
      port.postMessage({ kind: 'stopped' } satisfies DatabaseThreadMessage);
      port.close();
    })();
  });
  const address = server.address();
  port.postMessage({
    kind: 'serving',
    port: typeof address === 'object' && address !== null ? address.port : options.port,
  } satisfies DatabaseThreadMessage);
}

// PostgreSQL's untyped first messages (length, then a request code).
const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'

/** What carries one client connection: a loopback socket, or a MessagePort from the runtime's thread. */
interface Transport {
  /** Sends a reply; the array is the transport's to keep (a port transfers its buffer). */
  send(reply: Uint8Array): void;
  close(): void;
}

/** What a served connection is told by its transport. */
interface Connection {
  receive(data: Uint8Array): void;
  closed(): void;
}

const open = new Set<Transport>();

/**
 * Serves PGlite over the PostgreSQL wire protocol to one connection at a time: the single
 * session would interleave several connections' statements (breaking transactions), so
 * a second connection is refused while one is open and the pool queues callers instead.
 * What a read brings (pg sends Parse, Bind, Describe, Execute and Sync of a statement
 * together) goes to PGlite in one call and its reply back in one write, as a PostgreSQL
 * backend reads and flushes its socket; a message at a time costs a wasm entry and a
 * write per message on both threads. Undefined when the connection was refused.
 */
function serveConnection(db: PGlite, transport: Transport): Connection | undefined {
  if (open.size > 0) {
    transport.close();
    return undefined;
  }
  open.add(transport);
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  let chain: Promise<void> = Promise.resolve();
  const handle = async (data: Uint8Array) => {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    pending = pending.length === 0 ? bytes : Buffer.concat([pending, bytes]);
    let end = 0;
    const out: Uint8Array[] = [];
    while (!started && pending.length - end >= 8) {
      const length = pending.readInt32BE(end);
      if (pending.length - end < length) break;
      const code = pending.readInt32BE(end + 4);
      const message = pending.subarray(end, end + length);
      end += length;
      if (code === SSL_REQUEST || code === GSS_REQUEST)
        out.push(Uint8Array.of(0x4e)); // 'N': no TLS
      else if (code === CANCEL_REQUEST) transport.close();
      else {
        out.push(...(await execute(db, message)));
        started = true;
      }
    }
    // Every complete typed message of this read, up to a Terminate, in one call.
    const from = end;
    let terminate = false;
    while (started && pending.length - end >= 5) {
      if (pending[end] === TERMINATE) {
        terminate = true;
        break;
      }
      const length = 1 + pending.readInt32BE(end + 1);
      if (pending.length - end < length) break;
      end += length;
    }
    if (end > from) out.push(...(await execute(db, pending.subarray(from, end))));
    pending = Buffer.from(pending.subarray(end));
    if (out.length > 0 && open.has(transport)) transport.send(out.length === 1 ? (out[0] as Uint8Array) : joined(out));
    if (terminate) transport.close();
  };
  return {
    receive: (data) => {
      chain = chain.then(() => handle(data)).catch(() => transport.close());
    },
    closed: () => {
      if (!open.delete(transport)) return;
      // A client gone mid-transaction must not leave the session inside it.
      chain = chain.then(async () => {
        if (db.isInTransaction()) await db.exec('ROLLBACK').catch(() => undefined);
      });
    },
  };
}

/** Serves connections on loopback (psql, other tools; the runtime's pool uses a port). */
function listen(db: PGlite, host: string, port: number): Promise<Server> {
  const server = createServer({ noDelay: true }, (socket: Socket) => {
    const connection = serveConnection(db, {
      send: (reply) => socket.write(reply),
      close: () => socket.end(),
    });
    if (connection === undefined) return;
    socket.on('data', connection.receive);
    socket.on('error', () => socket.destroy());
    socket.on('close', connection.closed);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** Serves a connection the runtime's thread opened over a MessagePort (no socket between the threads). */
function servePort(db: PGlite, port: MessagePort): void {
  const connection = serveConnection(db, {
    send: (reply) => port.postMessage(reply, [reply.buffer as ArrayBuffer]),
    close: () => port.close(),
  });
  if (connection === undefined) return;
  port.on('message', connection.receive);
  port.on('close', connection.closed);
}

function joined(chunks: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}

/** Runs protocol messages in PGlite and returns its reply, copied out of wasm memory. */
async function execute(db: PGlite, messages: Uint8Array): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  await db.runExclusive(() =>
    db.execProtocolRawStream(messages, { onRawData: (chunk: Uint8Array) => out.push(chunk.slice()) }),
  );
  return out;
}

if (parentPort !== null) {
  const port = parentPort;
  serve(port, workerData as DatabaseThreadOptions).catch((error: unknown) => {
    port.postMessage({
      kind: 'failed',
      message: error instanceof Error ? error.message : String(error),
    } satisfies DatabaseThreadMessage);
    port.close();
  });
}
