import { mkdir } from 'node:fs/promises';
import { Duplex } from 'node:stream';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { DatabaseSettings } from '../lambdas/shared/config';
import type {
  ConnectRequest,
  DatabaseThreadMessage,
  DatabaseThreadOptions,
  SessionStats,
  StatsRequest,
} from './database-thread';

export type { SessionStats } from './database-thread';

/**
 * The local runtime's PostgreSQL: PGlite (PostgreSQL compiled to WASM, with pgvector)
 * speaking the PostgreSQL wire protocol, so the code reaches it through `pg` exactly as
 * it reaches RDS Proxy in AWS: the runtime's pool over a MessagePort, psql and other
 * tools on loopback TCP. It runs on its own thread (database-thread.ts), so a query
 * does not stall the HTTP server and the agents on the runtime's thread.
 */

export interface LocalDatabaseOptions {
  /**
   * Folder where the database keeps its files (created when missing).
   * @default undefined — in memory, gone when stopped
   */
  readonly dataDir?: string;
  /**
   * Loopback port to serve on; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
}

export interface LocalDatabase {
  readonly host: string;
  readonly port: number;
  /**
   * Settings for `createPool`: password auth, no TLS, one connection (what a tool or a test
   * needs; the local runtime opens {@link LOCAL_POOL_CONNECTIONS}).
   */
  readonly settings: DatabaseSettings;
  /**
   * Opens a connection to the database over a MessagePort instead of loopback TCP, for
   * the `stream` option of `pg` (see `createPool`): the bytes are the same wire
   * protocol, without a socket's system calls on either thread.
   */
  openConnection(): Duplex;
  /** The CPU time the database's thread has used so far (µs), e.g. to measure what a query costs it. */
  cpuUsage(): Promise<{ readonly user: number; readonly system: number }>;
  /** How busy the shared session has been so far (batches, how many ran back to back, ms in PGlite). */
  sessionStats(): Promise<SessionStats>;
  /** Stops serving, then closes the database (flushing it to `dataDir`). Safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Connections the local runtime's pool opens on the database's one shared session: with
 * several, the next statements wait in the database's thread while PGlite runs one,
 * rather than in the pool until the runtime's thread has handled the last reply.
 */
export const LOCAL_POOL_CONNECTIONS = 4;

/**
 * Starts the embedded database on its own thread. PGlite has a single session; every
 * connection (the pool's over MessagePorts, tools' over TCP) shares it, the thread
 * queueing their statements and giving a connection inside a transaction the session
 * until it ends, so transactions never interleave (see database-thread.ts).
 */
export async function startLocalDatabase(options: LocalDatabaseOptions = {}): Promise<LocalDatabase> {
  // PGlite creates only the last folder of the path; a fresh clone has none of it.
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const threadOptions: DatabaseThreadOptions = { dataDir: options.dataDir, host: HOST, port: options.port ?? 0 };
  const thread = new Worker(new URL('./database-thread.ts', import.meta.url), { workerData: threadOptions });
  const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    const fail = (reason: string) =>
      reject(new Error(`Could not serve the local database on ${HOST}:${options.port ?? 0}: ${reason}`));
    thread.once('error', (error) => fail(error.message));
    thread.once('exit', (code) => fail(`its thread exited (code ${code}) before serving`));
    thread.once('message', (message: DatabaseThreadMessage) => {
      if (message.kind === 'serving') resolve(message.port);
      else fail(message.kind === 'failed' ? message.message : 'it stopped before serving');
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    host: HOST,
    port,
    settings: {
      host: HOST,
      port,
      database: 'postgres',
      user: 'postgres',
      auth: { kind: 'password', password: 'postgres' },
      ssl: false,
      maxConnections: 1,
    },
    cpuUsage: () => thread.cpuUsage(),
    sessionStats: () => {
      const { port1, port2 } = new MessageChannel();
      thread.postMessage({ kind: 'stats', port: port2 } satisfies StatsRequest, [port2]);
      return new Promise<SessionStats>((resolve) =>
        port1.once('message', (stats: SessionStats) => {
          port1.close();
          resolve(stats);
        }),
      );
    },
    openConnection: () => {
      const { port1, port2 } = new MessageChannel();
      return new PortSocket(port1, () =>
        thread.postMessage({ kind: 'connect', port: port2 } satisfies ConnectRequest, [port2]),
      );
    },
    stop: () => {
      // The thread closes the database (flushing it to dataDir), says so, and exits.
      stopping ??= (async () => {
        thread.postMessage('stop');
        await exited;
      })();
      return stopping;
    },
  };
}

/**
 * The socket `pg` expects (connect, setNoDelay, setKeepAlive, ref/unref, write, end,
 * destroy) over a MessagePort to the database's thread. A statement's messages, which pg
 * writes corked, go over as one transferred buffer.
 */
class PortSocket extends Duplex {
  constructor(
    private readonly port: MessagePort,
    private readonly open: () => void,
  ) {
    super();
    port.on('message', (data: Uint8Array) => this.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
    port.once('close', () => {
      this.push(null);
      this.destroy();
    });
  }

  connect(): this {
    this.open();
    setImmediate(() => this.emit('connect'));
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    this.port.ref();
    return this;
  }

  unref(): this {
    this.port.unref();
    return this;
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.send([chunk]);
    callback();
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.send(chunks.map(({ chunk }) => chunk));
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.port.close();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.port.close();
    callback(error);
  }

  // A copy of its own: pg's buffers may share a pooled ArrayBuffer, which must not be transferred.
  private send(chunks: readonly Buffer[]): void {
    const data = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      data.set(chunk, at);
      at += chunk.length;
    }
    this.port.postMessage(data, [data.buffer]);
  }
}
