import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDatabase, startLocalDatabase } from '../../../local/database';

// The real custom resource handler, configured through its environment as in Lambda,
// against PGlite served on loopback (no AWS API is involved in migrating).
describe('the schema custom resource handler', () => {
  let database: LocalDatabase;
  let handler: typeof import('../../../lambdas/migrate/handler').handler;
  const context = { functionName: 'migrate', awsRequestId: 'req-1' } as Context;
  const create = {
    RequestType: 'Create',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:x',
      MigrationsSha256: 'b'.repeat(64),
      EmbeddingDimension: '256',
    },
  };

  beforeAll(async () => {
    database = await startLocalDatabase();
    Object.assign(process.env, {
      DB_HOST: database.host,
      DB_PORT: String(database.port),
      EMBEDDING_DIMENSION: '256',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    ({ handler } = await import('../../../lambdas/migrate/handler'));
  });
  afterAll(async () => {
    await database?.stop();
  });

  it('applies every migration on Create, then none on Update', async () => {
    // act
    const created = await handler(create, context);
    const updated = await handler(
      { ...create, RequestType: 'Update', PhysicalResourceId: created.PhysicalResourceId },
      context,
    );
    // assert
    expect(created.Data.applied).toBeGreaterThan(0);
    expect(created.Data.alreadyApplied).toBe(0);
    expect(updated.Data).toEqual({ applied: 0, alreadyApplied: created.Data.applied });
  });

  it('rejects a malformed request naming the field', async () => {
    await expect(handler({ RequestType: 'Create', ResourceProperties: {} }, context)).rejects.toThrow(
      'MigrationsSha256',
    );
  });
});
