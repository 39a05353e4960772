import { readdirSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations, MigrationError } from '../../../lambdas/shared/db/migrate';
import { registerVectorType } from '../../../lambdas/shared/db/pool';
import { resetDatabase, startTestDatabase, type TestDatabase } from '../../fixtures/db/database';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../lambdas/shared/db/migrations/', import.meta.url));
// Every migration in the folder, so one added by any part of the system is covered.
const ALL_MIGRATIONS = readdirSync(MIGRATIONS_DIR)
  .filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name))
  .map((name) => name.slice(0, -'.sql'.length))
  .sort();

describe('applyMigrations', () => {
  let db: TestDatabase;
  let scratchDir: string | undefined;

  beforeAll(async () => {
    db = await startTestDatabase();
  });
  afterAll(async () => {
    await db.stop();
  });
  beforeEach(async () => {
    await resetDatabase(db.pool);
  });
  afterEach(async () => {
    if (scratchDir !== undefined) await rm(scratchDir, { recursive: true, force: true });
    scratchDir = undefined;
  });

  // A copy of the real migrations that a test may edit.
  async function copyMigrations(): Promise<string> {
    scratchDir = await mkdtemp(join(tmpdir(), 'switchyard-migrations-'));
    await cp(MIGRATIONS_DIR, scratchDir, { recursive: true });
    return scratchDir;
  }

  it('applies every migration to a fresh database and records name, checksum and dimension', async () => {
    // act
    const result = await applyMigrations(db.pool, { embeddingDimension: 16 });
    // assert
    expect(result).toEqual({ applied: ALL_MIGRATIONS, alreadyApplied: [] });
    const { rows } = await db.pool.query(
      'SELECT name, checksum, embedding_dimension, applied_at FROM schema_migrations ORDER BY name',
    );
    expect(rows.map((row) => row.name)).toEqual(ALL_MIGRATIONS);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.embedding_dimension).toBe(16);
      expect(row.applied_at).toBeInstanceOf(Date);
    }
  });

  it('substitutes the embedding dimension into every vector column', async () => {
    // act
    await applyMigrations(db.pool, { embeddingDimension: 24 });
    // assert
    const { rows } = await db.pool.query(`
      SELECT c.relname AS table_name, format_type(a.atttypid, a.atttypmod) AS type
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE a.attname = 'embedding' AND c.relkind = 'r' ORDER BY 1`);
    expect(rows).toEqual(
      ['change_models', 'change_requests', 'configuration_items', 'incidents', 'validation_rules'].map(
        (table_name) => ({ table_name, type: 'vector(24)' }),
      ),
    );
  });

  it('creates an HNSW cosine index on every embedding column', async () => {
    // act
    await applyMigrations(db.pool, { embeddingDimension: 8 });
    // assert
    const { rows } = await db.pool.query(
      `SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING hnsw (embedding vector_cosine_ops)%' ORDER BY 1`,
    );
    expect(rows.map((row) => row.indexname)).toEqual([
      'change_models_embedding_idx',
      'change_requests_embedding_idx',
      'configuration_items_embedding_idx',
      'incidents_embedding_idx',
      'validation_rules_embedding_idx',
    ]);
  });

  it('does nothing when applied a second time', async () => {
    // arrange
    await applyMigrations(db.pool, { embeddingDimension: 8 });
    // act
    const second = await applyMigrations(db.pool, { embeddingDimension: 8 });
    // assert
    expect(second).toEqual({ applied: [], alreadyApplied: ALL_MIGRATIONS });
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(ALL_MIGRATIONS.length);
  });

  it('applies a migration added after the first run, and only that one', async () => {
    // arrange
    const dir = await copyMigrations();
    await applyMigrations(db.pool, { embeddingDimension: 8, migrationsDir: dir });
    await writeFile(
      join(dir, '999_extra.sql'),
      'CREATE TABLE extra (id int PRIMARY KEY, v vector({{EMBEDDING_DIMENSION}}));',
    );
    // act
    const result = await applyMigrations(db.pool, { embeddingDimension: 8, migrationsDir: dir });
    // assert
    expect(result).toEqual({ applied: ['999_extra'], alreadyApplied: ALL_MIGRATIONS });
  });

  it('refuses when an applied migration was changed, naming both checksums', async () => {
    // arrange
    const dir = await copyMigrations();
    await applyMigrations(db.pool, { embeddingDimension: 8, migrationsDir: dir });
    const file = join(dir, '003_records.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- an edit after the fact\n`);
    // act
    const attempt = applyMigrations(db.pool, { embeddingDimension: 8, migrationsDir: dir });
    // assert
    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(attempt).rejects.toThrow(
      /Migration 003_records was changed after it was applied: recorded checksum [0-9a-f]{64}, file checksum [0-9a-f]{64}/,
    );
  });

  it('refuses another embedding dimension than the database was migrated with, naming both', async () => {
    // arrange
    await applyMigrations(db.pool, { embeddingDimension: 8 });
    // act
    const attempt = applyMigrations(db.pool, { embeddingDimension: 16 });
    // assert
    await expect(attempt).rejects.toThrow(/migrated with embedding dimension 8 .*16 was requested/);
  });

  it.each([0, 2001, 1.5])('refuses embedding dimension %s before touching the database', async (dimension) => {
    // act
    const attempt = applyMigrations(db.pool, { embeddingDimension: dimension });
    // assert
    await expect(attempt).rejects.toThrow(`got ${dimension}`);
    const { rows } = await db.pool.query(`SELECT to_regclass('schema_migrations') AS t`);
    expect(rows[0].t).toBeNull();
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    // arrange
    const dir = await copyMigrations();
    await writeFile(join(dir, '999_broken.sql'), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();');
    // act
    const attempt = applyMigrations(db.pool, { embeddingDimension: 8, migrationsDir: dir });
    // assert
    await expect(attempt).rejects.toThrow(/Migration 999_broken failed: .*no_such_function/);
    const { rows } = await db.pool.query(
      `SELECT to_regclass('half_done') AS t, (SELECT count(*)::int FROM schema_migrations) AS n`,
    );
    expect(rows[0]).toEqual({ t: null, n: ALL_MIGRATIONS.length });
  });

  it('applies each migration once when two runners start together', async () => {
    // act
    const [first, second] = await Promise.all([
      applyMigrations(db.pool, { embeddingDimension: 8 }),
      applyMigrations(db.pool, { embeddingDimension: 8 }),
    ]);
    // assert
    expect([...first.applied, ...second.applied].sort()).toEqual(ALL_MIGRATIONS);
    expect([...first.alreadyApplied, ...second.alreadyApplied].sort()).toEqual(ALL_MIGRATIONS);
  });

  it('makes registerVectorType fail clearly before the vector extension exists', async () => {
    // act
    const attempt = registerVectorType(db.pool);
    // assert
    await expect(attempt).rejects.toThrow('apply the migrations first');
  });
});
