import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import packageJson from '../../package.json' with { type: 'json' };
import { createChangeModelAssistant } from '../change-model-assistant/assistant';
import { aliasServedByModel } from '../change-model-assistant/wording';
import { changeValidationWorkers } from '../change-validation/api-workers';
import { readRuntimeConfig } from '../shared/config';
import { createPool } from '../shared/db/pool';
import { createEmbedder } from '../shared/embeddings/embedder';
import { createConfiguredInference } from '../shared/inference/factory';
import { logger } from '../shared/observability';
import { incidentEnrichmentWorkers } from '../smart-solver/api-workers';
import { createApp } from './app';
import { apiGatewayPrincipal } from './auth';
import type { AppEnv } from './context';
import { createJobDispatcher } from './jobs/dispatcher';

/**
 * The API function behind API Gateway: the one app through hono's Lambda adapter. The
 * JWT authorizer has verified the token before the function runs; the app reads its
 * claims and checks roles. Adds no behaviour of its own beyond logging and tracing.
 */

const tracer = new Tracer({ serviceName: 'switchyard-api' });

/** Wraps an app as a Lambda handler with the Lambda context in every log line (keys reset per invocation). */
export function createLambdaHandler(app: Hono<AppEnv>) {
  return middy(handle(app))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }));
}

const config = readRuntimeConfig();
const pool = createPool(config.database);
const assistant = createChangeModelAssistant({
  db: pool,
  embedder: createEmbedder(config.embedding),
  instanceUrl: config.serviceNowInstanceUrl,
  inference: createConfiguredInference(config, { db: pool }),
  // A model configured for the assistant's alias extracts from every value and rewords its explanations (checked).
  modelServesAlias: aliasServedByModel(config.inference, 'fast'),
});

/** The API Gateway (HTTP API, payload v2) entry point. */
export const handler = createLambdaHandler(
  createApp({
    checkDatabase: async () => {
      await pool.query('SELECT 1');
    },
    version: packageJson.version,
    db: pool,
    principal: apiGatewayPrincipal(),
    // The jobs' issues register their workers here (Step Functions, the Smart Solver).
    dispatcher: createJobDispatcher({ ...changeValidationWorkers(config), ...incidentEnrichmentWorkers(config) }),
    assistant,
  }),
);
