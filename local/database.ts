import { mkdir } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { DatabaseSettings } from '../lambdas/shared/config';
import type { DatabaseThreadMessage, DatabaseThreadOptions } from './database-thread';

/**
 * The local runtime's PostgreSQL: PGlite (PostgreSQL compiled to WASM, with pgvector)
 * served on loopback by pglite-socket, so the code reaches it through `pg` exactly as
 * it reaches RDS Proxy in AWS. It runs on its own thread (database-thread.ts), so a
 * query does not stall the HTTP server and the agents on the runtime's thread.
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
  /** Settings for `createPool`: password auth, no TLS, one connection. */
  readonly settings: DatabaseSettings;
  /** Stops serving, then closes the database (flushing it to `dataDir`). Safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Starts the embedded database on its own thread. It serves one connection at a time: the
 * socket server interleaves the queries of several connections on its single session,
 * which breaks transactions, so `maxConnections` is 1 and the pool queues callers instead.
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
