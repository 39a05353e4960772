import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { extractToRaw } from '../../../etl/extract/extract-to-raw';
import { newRunId } from '../../../etl/extract/raw-layout';
import { sealRun } from '../../../etl/pipeline/backfill';
import { SOURCE_TABLES } from '../../../etl/source-tables';
import { finishRun, startRun } from '../../../etl/store/run-log';
import { AppError } from '../../shared/errors';
import { logger } from '../../shared/observability';
import { config, etlDependencies, tracer } from '../dependencies';

const Cursor = z.object({ updatedOn: z.string().min(1), sysId: z.string().nullable() });

/** The backfill state machine's steps served by this function (see state-machines/etl-backfill.asl.json). */
export const BackfillEventSchema = z.discriminatedUnion('step', [
  /** Starts a run: its id and tables. */
  z.object({
    step: z.literal('start'),
    /** The execution's input: `{}` for every table, or `{"tables": [...]}`. */
    input: z.object({ tables: z.array(z.enum(SOURCE_TABLES)).min(1).optional() }).default({}),
  }),
  /** Extracts up to `maxPages` pages of one table, from `cursor` when continuing. */
  z.object({
    step: z.literal('extract'),
    runId: z.string().min(1),
    table: z.enum(SOURCE_TABLES),
    cursor: Cursor.nullable().default(null),
    maxPages: z.number().int().min(1).max(10_000).default(200),
  }),
  /** Writes the run's partition list for the Distributed Map. */
  z.object({ step: z.literal('seal'), runId: z.string().min(1), tables: z.array(z.enum(SOURCE_TABLES)).min(1) }),
  /** Records how the run ended. */
  z.object({
    step: z.literal('finish'),
    runId: z.string().min(1),
    status: z.enum(['succeeded', 'failed']),
    result: z.unknown().optional(),
    error: z.string().optional(),
  }),
]);
export type BackfillEvent = z.infer<typeof BackfillEventSchema>;

/** One step of the backfill; each returns what the next state needs. */
export async function runBackfillStep(event: unknown): Promise<unknown> {
  const parsed = BackfillEventSchema.safeParse(event);
  if (!parsed.success) throw new AppError('BAD_REQUEST', `Invalid backfill step: ${z.prettifyError(parsed.error)}`);
  const step = parsed.data;
  const deps = etlDependencies();
  switch (step.step) {
    case 'start': {
      const tables = step.input.tables ?? [...SOURCE_TABLES];
      const runId = newRunId();
      await startRun(deps.db, { runId, mode: 'backfill', tables });
      return { runId, tables };
    }
    case 'extract': {
      const result = await extractToRaw({
        client: deps.client,
        raw: deps.raw,
        db: deps.db,
        table: step.table,
        runId: step.runId,
        mode: 'full',
        pageSize: config.etl.pageSize,
        maxPages: step.maxPages,
        ...(step.cursor === null ? {} : { resumeFrom: step.cursor }),
      });
      logger.info('backfill extract', { table: step.table, read: result.read, complete: result.complete });
      return {
        runId: step.runId,
        table: step.table,
        cursor: result.cursor ?? step.cursor,
        done: result.complete,
        read: result.read,
      };
    }
    case 'seal':
      return sealRun(deps.raw, step.runId, step.tables);
    case 'finish':
      await finishRun(deps.db, step.runId, {
        status: step.status,
        summary: step.result ?? {},
        ...(step.error === undefined ? {} : { error: step.error }),
      });
      return { runId: step.runId, status: step.status };
  }
}

export const handler = middy(runBackfillStep)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(captureLambdaHandler(tracer, { captureResponse: false }));
