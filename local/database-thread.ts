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

/** What the runtime's thread asks for its figures: they come back on `port` as {@link SessionStats}. */
export interface StatsRequest {
  readonly kind: 'stats';
  readonly port: MessagePort;
}

/** How busy the shared session has been since the thread started. */
export interface SessionStats {
  /** Batches run (a connection's startup, or the complete messages of a read). */
  readonly batches: number;
  /** Of those, how many started within 0.05 ms of the previous one's end: PGlite did not wait for them. */
  readonly backToBack: number;
  /** Time spent running batches in PGlite, ms. */
  readonly busyMs: number;
}

function isStatsRequest(request: unknown): request is StatsRequest {
  return typeof request === 'object' && request !== null && (request as { kind?: unknown }).kind === 'stats';
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
  const session = new SharedSession(db);
  let server: Server;
  try {
    server = await listen(session, options.host, options.port);
  } catch (error) {
    await db.close();
    throw error;
  }
  port.on('message', (request: unknown) => {
    if (isConnectRequest(request)) servePort(session, request.port);
    if (isStatsRequest(request)) {
      request.port.postMessage(session.stats satisfies SessionStats);
      request.port.close();
    }
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
const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I': ReadyForQuery outside a transaction block
/** What a connection that left owning the session would need: CopyFail (ignored outside COPY), then Sync. */
const END_OF_BATCH = Uint8Array.of(0x66, 0, 0, 0, 5, 0, 0x53, 0, 0, 0, 4);
const ROLLBACK = Uint8Array.of(0x51, 0, 0, 0, 13, ...new TextEncoder().encode('ROLLBACK'), 0);
/** Queued after a Terminate: closes the connection once what it sent before has run. */
const CLOSE = new Uint8Array(0);

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

/** A connection's messages waiting for the session: its startup, or every complete message of a read. */
interface Batch {
  readonly from: Transport;
  readonly messages: Uint8Array;
  readonly startup: boolean;
}

const open = new Set<Transport>();

/**
 * PGlite's one session, shared by every connection. Each connection's batches queue here
 * and run back to back, so PGlite has the next one waiting while the runtime's thread
 * handles the last reply, instead of idling until a single connection's next statement
 * arrives. A connection whose last reply did not end in ReadyForQuery 'I' (inside a
 * transaction, in a failed one, or mid extended query without Sync) owns the session
 * until it does: only its batches run meanwhile, so transactions never interleave. One
 * that leaves owning it is rolled back. Later connections get the first one's startup
 * reply: PGlite would answer a second StartupMessage from the session as it stands
 * (ReadyForQuery 'T' inside another's transaction) and reset nothing. Session state is
 * shared: SET (not SET LOCAL), temporary tables, LISTEN and named prepared statements
 * would leak between connections; the code uses none of them (RDS Proxy pins on them).
 */
class SharedSession {
  private readonly queue: Batch[] = [];
  private owner: Transport | undefined;
  private running = false;
  private startupReply: Uint8Array | undefined;
  private readonly db: PGlite;
  /** Figures for benchmarks: see {@link SessionStats}. */
  readonly stats = { batches: 0, backToBack: 0, busyMs: 0 };
  private lastEndMs = 0;

  constructor(db: PGlite) {
    this.db = db;
  }

  /** Answers a connection's startup message: the first one's reply once there is one, without waiting for the session. */
  start(from: Transport, message: Uint8Array): void {
    if (this.startupReply === undefined) this.submit({ from, messages: message, startup: true });
    else from.send(this.startupReply.slice());
  }

  /** Queues a connection's complete protocol messages. */
  submit(batch: Batch): void {
    this.queue.push(batch);
    this.pump();
  }

  /** Forgets a closed connection's queued batches; rolls it back first if it owns the session. */
  leave(from: Transport): void {
    for (let at = this.queue.length - 1; at >= 0; at -= 1) if (this.queue[at]?.from === from) this.queue.splice(at, 1);
    if (this.owner !== from) return;
    this.queue.unshift({ from, messages: END_OF_BATCH, startup: false }, { from, messages: ROLLBACK, startup: false });
    this.pump();
  }

  private pump(): void {
    if (this.running) return;
    const at = this.owner === undefined ? 0 : this.queue.findIndex((batch) => batch.from === this.owner);
    const batch = at < 0 ? undefined : this.queue[at];
    if (batch === undefined) return;
    this.queue.splice(at, 1);
    this.running = true;
    this.run(batch)
      .catch(() => {
        // PGlite failed mid-batch: drop the connection and end whatever it left open.
        const cleanup = batch.messages === END_OF_BATCH || batch.messages === ROLLBACK;
        this.owner = cleanup ? undefined : batch.from;
        if (!cleanup && open.delete(batch.from)) {
          batch.from.close();
          this.leave(batch.from);
        }
      })
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }

  private async run(batch: Batch): Promise<void> {
    if (batch.messages === CLOSE) {
      batch.from.close();
      return;
    }
    if (batch.messages === ROLLBACK && !this.db.isInTransaction()) {
      this.owner = undefined;
      return;
    }
    const startedMs = performance.now();
    const reply =
      batch.startup && this.startupReply !== undefined ? this.startupReply : await execute(this.db, batch.messages);
    const endedMs = performance.now();
    this.stats.batches += 1;
    this.stats.busyMs += endedMs - startedMs;
    if (startedMs - this.lastEndMs < 0.05) this.stats.backToBack += 1;
    this.lastEndMs = endedMs;
    if (batch.startup) this.startupReply ??= reply;
    this.owner = batch.messages === ROLLBACK || endsIdle(reply) ? undefined : batch.from;
    if (open.has(batch.from)) {
      if (reply.length > 0) batch.from.send(batch.startup ? reply.slice() : reply);
    } else if (this.owner === batch.from && batch.messages !== END_OF_BATCH) {
      this.leave(batch.from); // it left while this batch ran
    }
  }
}

/** Whether a reply's last message is ReadyForQuery 'I' (walked message by message: row data may hold any bytes). */
function endsIdle(reply: Uint8Array): boolean {
  const view = new DataView(reply.buffer, reply.byteOffset, reply.byteLength);
  let last = -1;
  for (let at = 0; at + 5 <= reply.length; at += 1 + view.getInt32(at + 1)) last = at;
  return last >= 0 && reply[last] === READY_FOR_QUERY && reply[last + 5] === IDLE;
}

/**
 * Serves one connection over the PostgreSQL wire protocol on the shared session. What a
 * read brings (pg sends Parse, Bind, Describe, Execute and Sync of a statement together)
 * goes to PGlite in one call and its reply back in one write, as a PostgreSQL backend
 * reads and flushes its socket; a message at a time costs a wasm entry and a write per
 * message on both threads.
 */
function serveConnection(session: SharedSession, transport: Transport): Connection {
  open.add(transport);
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  let terminated = false;
  const handle = (data: Uint8Array) => {
    if (terminated) return;
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    pending = pending.length === 0 ? bytes : Buffer.concat([pending, bytes]);
    let end = 0;
    while (!started && pending.length - end >= 8) {
      const length = pending.readInt32BE(end);
      if (pending.length - end < length) break;
      const code = pending.readInt32BE(end + 4);
      const message = pending.subarray(end, end + length);
      end += length;
      if (code === SSL_REQUEST || code === GSS_REQUEST)
        transport.send(Uint8Array.of(0x4e)); // 'N': no TLS
      else if (code === CANCEL_REQUEST) transport.close();
      else {
        session.start(transport, message.slice());
        started = true;
      }
    }
    // Every complete typed message of this read, up to a Terminate, in one batch.
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
    if (end > from) session.submit({ from: transport, messages: pending.slice(from, end), startup: false });
    pending = Buffer.from(pending.subarray(end));
    terminated = terminate;
    if (terminate) session.submit({ from: transport, messages: CLOSE, startup: false });
  };
  return {
    receive: (data) => {
      try {
        handle(data);
      } catch {
        transport.close();
      }
    },
    closed: () => {
      // A client gone mid-transaction must not leave the session inside it.
      if (open.delete(transport)) session.leave(transport);
    },
  };
}

/** Serves connections on loopback (psql, other tools; the runtime's pool uses a port). */
function listen(session: SharedSession, host: string, port: number): Promise<Server> {
  const server = createServer({ noDelay: true }, (socket: Socket) => {
    const connection = serveConnection(session, {
      send: (reply) => socket.write(reply),
      close: () => socket.end(),
    });
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
function servePort(session: SharedSession, port: MessagePort): void {
  const connection = serveConnection(session, {
    send: (reply) => port.postMessage(reply, [reply.buffer as ArrayBuffer]),
    close: () => port.close(),
  });
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
async function execute(db: PGlite, messages: Uint8Array): Promise<Uint8Array> {
  const out: Uint8Array[] = [];
  await db.runExclusive(() =>
    db.execProtocolRawStream(messages, { onRawData: (chunk: Uint8Array) => out.push(chunk.slice()) }),
  );
  return out.length === 1 ? (out[0] as Uint8Array) : joined(out);
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
