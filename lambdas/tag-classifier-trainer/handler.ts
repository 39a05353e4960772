import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type pg from 'pg';
import { z } from 'zod';
import { readRuntimeConfig } from '../shared/config';
import { createPool } from '../shared/db/pool';
import { logger } from '../shared/observability';
import { tracer } from '../smart-solver/aws-dependencies';
import { refreshTagModel } from '../tag-classifier/trainer';

/**
 * What starts the trainer: its EventBridge Scheduler schedule (`{}` or `{"force": true}`)
 * or the ETL's incremental run succeeding (a Lambda destination record, whose other
 * fields are not read).
 */
export const TrainerEventSchema = z.looseObject({ force: z.boolean().optional() });
export type TrainerEvent = z.infer<typeof TrainerEventSchema>;

let pool: pg.Pool | undefined;

/**
 * The Tag Classifier trainer's Lambda entry point: trains a model of the database's
 * labelled history and stores it for the Tag Classifier's functions to load, unless the
 * newest stored model already learnt from the same history.
 */
export const handler = middy(async (event: unknown) => {
  const { force } = TrainerEventSchema.parse(event ?? {});
  pool ??= createPool(readRuntimeConfig().database);
  const outcome = await refreshTagModel(pool, { force: force === true });
  return outcome;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(captureLambdaHandler(tracer, { captureResponse: false }));
