import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { type PartitionSummary, processPartition } from '../../../etl/pipeline/process-partition';
import { AppError } from '../../shared/errors';
import { logger } from '../../shared/observability';
import { etlDependencies, tracer } from '../dependencies';

/** One item of the backfill's Distributed Map: a raw partition from the run's partition list. */
export const PartitionItemSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*\/dt=\d{4}-\d{2}-\d{2}\/run=[^/]+\/part-\d{4,}\.jsonl$/),
  table: z.string().optional(),
  rows: z.number().int().optional(),
});

/**
 * Transforms and loads one raw partition (the Distributed Map's item processor; the
 * CLI runs the same function over the same partitions locally). Re-driving a failed
 * item re-processes its partition, which changes nothing already loaded.
 */
export async function loadPartition(event: unknown): Promise<PartitionSummary> {
  const parsed = PartitionItemSchema.safeParse(event);
  if (!parsed.success) throw new AppError('BAD_REQUEST', `Invalid partition item: ${z.prettifyError(parsed.error)}`);
  const deps = etlDependencies();
  const summary = await processPartition({
    raw: deps.raw,
    curated: deps.curated,
    db: deps.db,
    embedder: deps.embedder,
    key: parsed.data.key,
  });
  logger.info('partition loaded', { ...summary });
  return summary;
}

export const handler = middy(loadPartition)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(captureLambdaHandler(tracer, { captureResponse: false }));
