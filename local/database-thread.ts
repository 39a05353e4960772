import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The local database's own thread: PGlite executes queries synchronously in WASM, so on
 * the runtime's thread every query would stall the HTTP server and the agents. Here it
 * runs beside them, on the machine's second core, and the runtime reaches it through
 * `pg` on loopback as before.
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
  // One connection: the socket server would interleave several connections' queries on
  // its single session, which breaks transactions; the pool queues callers instead.
  const server = new PGLiteSocketServer({ db, host: options.host, port: options.port, maxConnections: 1 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  port.on('message', (request: unknown) => {
    if (request !== 'stop') return;
    void (async () => {
      await server.stop();
      await db.close(); // flushes to dataDir
      port.postMessage({ kind: 'stopped' } satisfies DatabaseThreadMessage);
      port.close();
    })();
  });
  const served = Number(server.getServerConn().split(':').pop());
  port.postMessage({ kind: 'serving', port: served } satisfies DatabaseThreadMessage);
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
