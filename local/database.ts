import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { DatabaseSettings } from '../lambdas/shared/config';

/**
 * The local runtime's PostgreSQL: PGlite (PostgreSQL compiled to WASM, with pgvector)
 * served on loopback by pglite-socket, so the code reaches it through `pg` exactly as
 * it reaches RDS Proxy in AWS.
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
 * Starts the embedded database. It serves one connection at a time: the socket server
 * interleaves the queries of several connections on its single session, which breaks
 * transactions, so `maxConnections` is 1 and the pool queues callers instead.
 */
export async function startLocalDatabase(options: LocalDatabaseOptions = {}): Promise<LocalDatabase> {
  // PGlite creates only the last folder of the path; a fresh clone has none of it.
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    extensions: { vector },
  });
  const server = new PGLiteSocketServer({ db, host: HOST, port: options.port ?? 0, maxConnections: 1 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw new Error(`Could not serve the local database on ${HOST}:${options.port ?? 0}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const port = Number(server.getServerConn().split(':').pop());

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
      stopping ??= (async () => {
        await server.stop();
        await db.close();
      })();
      return stopping;
    },
  };
}
