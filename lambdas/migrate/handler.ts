import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { readRuntimeConfig } from '../shared/config';
import { applyMigrations, MigrationError } from '../shared/db/migrate';
import { createPool } from '../shared/db/pool';
import { logger } from '../shared/observability';
import { handleSchemaEvent, type SchemaEventResult, SchemaEventSchema } from './schema-event';

// Created once per execution environment; pg connects lazily, so Delete never connects.
const config = readRuntimeConfig();
const pool = createPool(config.database);

/**
 * The schema custom resource's onEvent handler (behind the CDK Provider framework).
 * A thrown error fails the deployment with its message.
 */
export async function handler(event: unknown, context: Context): Promise<SchemaEventResult> {
  logger.addContext(context);
  const parsed = SchemaEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new Error(`Invalid custom resource request: ${z.prettifyError(parsed.error)}`);
  }
  const request = parsed.data;
  logger.info('schema request', {
    requestType: request.RequestType,
    migrationsSha256: request.ResourceProperties.MigrationsSha256,
    embeddingDimension: config.embedding.dimension,
  });
  const result = await handleSchemaEvent(request, {
    migrate: () => applyMigrations(pool, { embeddingDimension: config.embedding.dimension }),
    // A MigrationError is about the SQL or recorded state: retrying cannot fix it.
    isRetryable: (error) => !(error instanceof MigrationError),
    onRetry: (error, attempt) => logger.warn('database not reachable yet; retrying', { attempt, error }),
  });
  logger.info('schema up to date', { ...result.Data });
  return result;
}
