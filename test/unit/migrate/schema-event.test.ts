import { describe, expect, it } from 'vitest';
import { handleSchemaEvent, SCHEMA_RESOURCE_ID, type SchemaEvent } from '../../../lambdas/migrate/schema-event';

const properties = { MigrationsSha256: 'a'.repeat(64), EmbeddingDimension: 512 };
const event = (overrides: Partial<SchemaEvent> = {}): SchemaEvent => ({
  RequestType: 'Create',
  ResourceProperties: properties,
  ...overrides,
});
const run = { applied: ['001_a', '002_b'], alreadyApplied: ['000_z'] };
const noWait = async () => {};

describe('handleSchemaEvent', () => {
  it.each(['Create', 'Update'] as const)('applies the migrations on %s and reports the counts', async (RequestType) => {
    const result = await handleSchemaEvent(event({ RequestType }), {
      migrate: async () => run,
      isRetryable: () => true,
    });
    expect(result).toEqual({ PhysicalResourceId: SCHEMA_RESOURCE_ID, Data: { applied: 2, alreadyApplied: 1 } });
  });

  it('leaves the schema in place on Delete without migrating', async () => {
    let migrated = false;
    const result = await handleSchemaEvent(event({ RequestType: 'Delete', PhysicalResourceId: 'old-id' }), {
      migrate: async () => {
        migrated = true;
        return run;
      },
      isRetryable: () => true,
    });
    expect(migrated).toBe(false);
    expect(result.PhysicalResourceId).toBe('old-id');
  });

  it('retries while the database is unreachable, then succeeds', async () => {
    let attempts = 0;
    const retried: number[] = [];
    const result = await handleSchemaEvent(event(), {
      migrate: async () => {
        attempts += 1;
        if (attempts < 3) throw new Error('connect ECONNREFUSED');
        return run;
      },
      isRetryable: () => true,
      onRetry: (_error, attempt) => retried.push(attempt),
      sleep: noWait,
    });
    expect(result.Data.applied).toBe(2);
    expect(retried).toEqual([1, 2]);
  });

  it('fails at once on an error that retrying cannot fix', async () => {
    let attempts = 0;
    const failing = handleSchemaEvent(event(), {
      migrate: async () => {
        attempts += 1;
        throw new Error('checksum of 001_a changed');
      },
      isRetryable: () => false,
      sleep: noWait,
    });
    await expect(failing).rejects.toThrow('checksum of 001_a changed');
    expect(attempts).toBe(1);
  });

  it('gives up after the configured attempts', async () => {
    let attempts = 0;
    const failing = handleSchemaEvent(event(), {
      migrate: async () => {
        attempts += 1;
        throw new Error('timeout');
      },
      isRetryable: () => true,
      attempts: 4,
      sleep: noWait,
    });
    await expect(failing).rejects.toThrow('timeout');
    expect(attempts).toBe(4);
  });
});
