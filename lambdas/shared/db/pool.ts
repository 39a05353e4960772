import type { Duplex } from 'node:stream';
import { Signer } from '@aws-sdk/rds-signer';
import pg from 'pg';
import pgvector from 'pgvector';
import type { DatabaseSettings } from '../config';
import { logger } from '../observability';

/**
 * The PostgreSQL pool every function shares: RDS Proxy in AWS, PGlite's thread locally
 * (local/database-thread.ts). Same driver, same code path; only the settings differ.
 */

/** Anything that runs a query: the pool, or a client checked out of it (e.g. inside a transaction). */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** RDS IAM tokens are valid for 15 minutes; reuse one for 10 so a connection never gets a stale one. */
export const IAM_TOKEN_REUSE_MS = 10 * 60 * 1000;

type TypeParser = (value: string) => unknown;

// Parsers for types whose OID is only known at run time (extension types), per pool.
const runtimeParsers = new WeakMap<pg.Pool, Map<number, TypeParser>>();

/**
 * Creates the pool. With `auth.kind === 'iam'` each new connection gets a token from
 * the RDS signer (cached for {@link IAM_TOKEN_REUSE_MS}). With `ssl` the server
 * certificate is verified: RDS Proxy presents an ACM certificate under the Amazon
 * root CAs that Node already trusts; a direct RDS instance presents an `rds-ca-*`
 * certificate, which Node.js Lambda runtimes (20+) trust only when
 * `NODE_EXTRA_CA_CERTS=/var/runtime/ca-cert.pem` is set (not loaded by default, to
 * save cold-start time).
 *
 * Callers queue for a connection rather than fail: beyond `maxConnections`
 * concurrent queries wait their turn.
 * Call {@link registerVectorType} once the `vector` extension exists.
 *
 * `options.stream` opens each connection's byte stream instead of a TCP socket (the
 * local runtime reaches its database thread over a MessagePort).
 */
export function createPool(settings: DatabaseSettings, options: { readonly stream?: () => Duplex } = {}): pg.Pool {
  const parsers = new Map<number, TypeParser>();
  const pool = new ConnectionKeepingPool({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password:
      settings.auth.kind === 'iam'
        ? createIamTokenProvider(
            new Signer({
              hostname: settings.host,
              port: settings.port,
              username: settings.user,
              region: settings.auth.region,
            }),
          )
        : settings.auth.password,
    ssl: settings.ssl ? { rejectUnauthorized: true } : false,
    max: settings.maxConnections,
    // 0: wait for a free connection as long as it takes; the Lambda timeout bounds the wait.
    connectionTimeoutMillis: 0,
    // One connection: keep it (reopening costs a round trip per query burst). Several: let
    // idle ones go.
    idleTimeoutMillis: settings.maxConnections === 1 ? 0 : 30_000,
    allowExitOnIdle: true,
    keepAlive: true,
    application_name: 'switchyard',
    ...(options.stream === undefined ? {} : { stream: options.stream }),
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        parsers.get(oid) ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => logger.warn('idle database connection failed', { error }));
  runtimeParsers.set(pool, parsers);
  return pool;
}

/**
 * `pg.Pool#query` closes the connection after any failed statement. Reconnecting is
 * wasteful behind RDS Proxy and against the local database. A statement the server
 * rejected leaves an idle, healthy session, so this pool keeps it; any other failure
 * (lost connection, a transaction left open) still discards the client.
 */
class ConnectionKeepingPool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: forwards pg's overloaded signature unchanged
  override query(...args: any[]): any {
    const [text, values] = args;
    if (typeof args.at(-1) === 'function' || typeof text === 'function') {
      return (super.query as (...forwarded: unknown[]) => unknown)(...args);
    }
    return this.queryOnce(text, values);
  }

  private async queryOnce(text: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    const client = await this.connect();
    try {
      const result = await client.query(text, values);
      const someoneWaits = this.waitingCount > 0;
      client.release();
      // The waiter's query is sent a few promise hops after release; yield until it has
      // been, so the database works on it while our caller computes (local: PGlite runs
      // on its own thread) instead of after.
      if (someoneWaits) await new Promise<void>((resolve) => setImmediate(resolve));
      return result;
    } catch (error) {
      client.release(client.getTransactionStatus() === 'I' ? undefined : (error as Error));
      throw error;
    }
  }
}

/**
 * Makes every client of the pool parse `vector` columns into `number[]`. The type's
 * OID exists only after `CREATE EXTENSION vector`, so call this after the migrations.
 */
export async function registerVectorType(pool: pg.Pool): Promise<void> {
  const parsers = runtimeParsers.get(pool);
  if (parsers === undefined) {
    throw new Error('registerVectorType needs a pool made by createPool().');
  }
  const { rows } = await pool.query<{ oid: number | null }>(`SELECT to_regtype('vector')::oid AS oid`);
  const oid = rows[0]?.oid;
  if (oid === null || oid === undefined) {
    throw new Error('The vector type does not exist in this database; apply the migrations first.');
  }
  parsers.set(Number(oid), (value) => pgvector.fromSql(value));
}

/**
 * Converts an embedding into a `vector` parameter in pgvector's binary form (dimension
 * and a reserved 0 as int16, then each component as a big-endian float4; pg sends a
 * Buffer in binary format, so PostgreSQL reads it with vector_recv). The text form costs
 * the server a decimal parse per component: 0.4 ms for 256 dimensions in PGlite, whose
 * WASM strtof goes through software long doubles. The statement must give the parameter
 * the vector type (`$1::vector`, or a vector argument or column).
 */
export function toVectorParam(embedding: readonly number[]): Buffer {
  if (embedding.length > MAX_VECTOR_DIMENSIONS)
    throw new Error(`Embeddings have at most ${MAX_VECTOR_DIMENSIONS} dimensions; got ${embedding.length}.`);
  const param = Buffer.allocUnsafe(4 + 4 * embedding.length);
  param.writeUInt16BE(embedding.length, 0);
  param.writeUInt16BE(0, 2);
  embedding.forEach((value, at) => {
    if (!Number.isFinite(value)) throw new Error(`Embeddings must be finite numbers; got ${value}.`);
    param.writeFloatBE(value, 4 + 4 * at);
  });
  return param;
}

/** pgvector's largest `vector` (VECTOR_MAX_DIM). */
const MAX_VECTOR_DIMENSIONS = 16_000;

/**
 * Runs `fn` in a transaction on one client: COMMIT when it resolves, ROLLBACK when it
 * throws (the error is rethrown). A client that is not idle afterwards is discarded.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A connection that is not idle now (lost, or stuck in a transaction) is discarded.
    client.release(client.getTransactionStatus() === 'I' ? undefined : true);
  }
}

/**
 * A pg `password` function for IAM auth: a token from the signer, reused for
 * {@link IAM_TOKEN_REUSE_MS} and shared by connections opening at the same time.
 */
export function createIamTokenProvider(
  signer: Pick<Signer, 'getAuthToken'>,
  nowMs: () => number = Date.now,
): () => Promise<string> {
  let cached: { token: Promise<string>; issuedAtMs: number } | undefined;
  return () => {
    const now = nowMs();
    if (cached === undefined || now - cached.issuedAtMs >= IAM_TOKEN_REUSE_MS) {
      const token = signer.getAuthToken();
      // A failed signing attempt must not be reused by the next connection.
      token.catch(() => {
        if (cached?.token === token) cached = undefined;
      });
      cached = { token, issuedAtMs: now };
    }
    return cached.token;
  };
}
