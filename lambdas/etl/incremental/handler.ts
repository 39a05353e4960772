import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { type EtlRunSummary, runEtl } from '../../../etl/pipeline/run-etl';
import { SOURCE_TABLES } from '../../../etl/source-tables';
import { AppError } from '../../shared/errors';
import { logger } from '../../shared/observability';
import { config, etlDependencies, tracer } from '../dependencies';

/** The scheduled run's input (EventBridge Scheduler passes it as configured on the schedule). */
export const IncrementalRunEventSchema = z.object({
  /** Only these tables; default all. */
  tables: z.array(z.enum(SOURCE_TABLES)).min(1).optional(),
  mode: z.enum(['incremental', 'full']).default('incremental'),
});

/**
 * The scheduled incremental run: each table from its watermark into the raw bucket,
 * then every pending partition transformed and loaded. A run with failures throws
 * after recording its summary, so the failure shows in the function's error metric;
 * its partitions stay pending and the next run picks them up.
 */
export async function runIncremental(event: unknown): Promise<EtlRunSummary> {
  const parsed = IncrementalRunEventSchema.safeParse(event ?? {});
  if (!parsed.success) throw new AppError('BAD_REQUEST', `Invalid ETL run input: ${z.prettifyError(parsed.error)}`);
  const summary = await runEtl(etlDependencies(), {
    mode: parsed.data.mode,
    ...(parsed.data.tables === undefined ? {} : { tables: parsed.data.tables }),
    pageSize: config.etl.pageSize,
  });
  logger.info('etl run finished', { summary });
  if (summary.status === 'failed') {
    throw new AppError('DEPENDENCY_FAILED', `ETL run ${summary.runId} failed: ${summary.errors.join('; ')}`);
  }
  return summary;
}

export const handler = middy(runIncremental)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(captureLambdaHandler(tracer, { captureResponse: false }));
