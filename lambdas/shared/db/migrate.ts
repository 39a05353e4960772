import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/**
 * Applies the SQL migrations in `migrations/` in name order, each in its own
 * transaction, and records them in `schema_migrations`. Concurrent runners (several
 * cold starts at once) are serialised by a transaction-scoped advisory lock.
 */

/** The text every migration may contain, replaced by the configured embedding dimension. */
export const EMBEDDING_DIMENSION_PLACEHOLDER = '{{EMBEDDING_DIMENSION}}';

/** pgvector's HNSW index accepts `vector` columns of at most 2000 dimensions. */
export const MAX_INDEXED_DIMENSION = 2000;

/** `NNN_name.sql`; anything else in the folder is ignored. */
const MIGRATION_FILE = /^(\d{3}_[a-z0-9_]+)\.sql$/;

// Any constant works as long as every runner uses the same one: "switchyard" in ASCII.
const MIGRATION_LOCK_KEY = 0x7377_6974;

export interface ApplyMigrationsOptions {
  /** The length of every `vector` column; substituted for `{{EMBEDDING_DIMENSION}}`. */
  readonly embeddingDimension: number;
  /**
   * Where the `.sql` files are.
   * @default the `migrations/` folder next to this module (next to the bundle in Lambda)
   */
  readonly migrationsDir?: string | URL;
}

export interface ApplyMigrationsResult {
  /** Names applied by this call, in order. */
  readonly applied: string[];
  /** Names that were already applied (by an earlier call or a concurrent runner). */
  readonly alreadyApplied: string[];
}

/** The migrations cannot be applied as asked; the message says what differs and how. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

interface Migration {
  readonly name: string;
  readonly text: string;
  readonly checksum: string;
}

interface AppliedMigration {
  readonly name: string;
  readonly checksum: string;
  readonly embedding_dimension: number;
}

/**
 * Brings the database up to date. Refuses (with a {@link MigrationError}) when an
 * applied migration's file has changed since, or when the database was migrated with
 * another embedding dimension. Uses one client throughout (the local database serves one session).
 */
export async function applyMigrations(pool: pg.Pool, options: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const dimension = options.embeddingDimension;
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > MAX_INDEXED_DIMENSION) {
    throw new MigrationError(
      `The embedding dimension must be an integer from 1 to ${MAX_INDEXED_DIMENSION} (the HNSW index limit); got ${dimension}.`,
    );
  }
  const migrations = await readMigrations(options.migrationsDir ?? new URL('./migrations/', import.meta.url));
  const applied: string[] = [];
  const alreadyApplied: string[] = [];

  const client = await pool.connect();
  try {
    const recorded = await inTransaction(client, async () => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await client.query(`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          name                text PRIMARY KEY,
          checksum            text NOT NULL,
          embedding_dimension integer NOT NULL,
          applied_at          timestamptz NOT NULL DEFAULT now()
        )`);
      return readApplied(client);
    });
    checkCompatible(migrations, recorded, dimension);

    for (const migration of migrations) {
      if (recorded.has(migration.name)) {
        alreadyApplied.push(migration.name);
        continue;
      }
      const ran = await inTransaction(client, async () => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        // Another runner may have applied it while we waited for the lock.
        const now = await readApplied(client);
        checkCompatible(migrations, now, dimension);
        if (now.has(migration.name)) return false;
        await client.query(migration.text.replaceAll(EMBEDDING_DIMENSION_PLACEHOLDER, String(dimension)));
        await client.query('INSERT INTO schema_migrations (name, checksum, embedding_dimension) VALUES ($1, $2, $3)', [
          migration.name,
          migration.checksum,
          dimension,
        ]);
        return true;
      }).catch((error: unknown) => {
        if (error instanceof MigrationError) throw error;
        throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      });
      (ran ? applied : alreadyApplied).push(migration.name);
    }
  } finally {
    // A connection left outside the idle state (lost, or a failed ROLLBACK) is discarded.
    client.release(client.getTransactionStatus() === 'I' ? undefined : true);
  }
  return { applied, alreadyApplied };
}

async function readMigrations(dir: string | URL): Promise<Migration[]> {
  const dirPath = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const names = (await readdir(dirPath)).filter((file) => MIGRATION_FILE.test(file)).sort();
  if (names.length === 0) {
    throw new MigrationError(`No migrations (NNN_name.sql) found in ${dirPath}.`);
  }
  return Promise.all(
    names.map(async (file) => {
      const text = await readFile(join(dirPath, file), 'utf8');
      return {
        name: file.replace(/\.sql$/, ''),
        text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    }),
  );
}

async function readApplied(client: pg.PoolClient): Promise<Map<string, AppliedMigration>> {
  const { rows } = await client.query<AppliedMigration>(
    'SELECT name, checksum, embedding_dimension FROM schema_migrations ORDER BY name',
  );
  return new Map(rows.map((row) => [row.name, row]));
}

// A recorded migration whose file is gone is tolerated: an older deployment may still
// start against a database a newer one has migrated.
function checkCompatible(
  migrations: readonly Migration[],
  recorded: ReadonlyMap<string, AppliedMigration>,
  dimension: number,
): void {
  for (const row of recorded.values()) {
    if (row.embedding_dimension !== dimension) {
      throw new MigrationError(
        `The database was migrated with embedding dimension ${row.embedding_dimension} (by ${row.name}); ` +
          `${dimension} was requested. Set EMBEDDING_DIMENSION=${row.embedding_dimension}, or re-create the database and re-embed.`,
      );
    }
  }
  for (const migration of migrations) {
    const row = recorded.get(migration.name);
    if (row !== undefined && row.checksum !== migration.checksum) {
      throw new MigrationError(
        `Migration ${migration.name} was changed after it was applied: recorded checksum ${row.checksum}, ` +
          `file checksum ${migration.checksum}. Restore the file and put the change in a new migration.`,
      );
    }
  }
}

async function inTransaction<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
