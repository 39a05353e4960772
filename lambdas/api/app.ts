import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { JWK } from 'jose';
import type { Queryable } from '../shared/db/pool';
import { AppError, toErrorReply } from '../shared/errors';
import { logger, withLogKeys } from '../shared/observability';
import type { AssistantResponder } from './assistant/responder';
import type { PrincipalResolver } from './auth';
import { type AppEnv, lambdaEventOf } from './context';
import { ROUTES } from './contract';
import { createJobDispatcher, type JobDispatcher } from './jobs/dispatcher';
import { addAssistantRoutes } from './routes/assistant';
import { addCatalogueRoutes } from './routes/catalogue';
import { addChangeValidationRoutes } from './routes/change-validations';
import { addRoute, createGuard } from './routes/guard';
import { addIncidentEnrichmentRoutes } from './routes/incident-enrichments';

/** What the HTTP app needs from the outside world; injected so tests use the real parts. */
export interface AppDependencies {
  /** Resolves when the database answers; rejects otherwise. */
  readonly checkDatabase: () => Promise<void>;
  /** The version reported by /health and the OpenAPI document. */
  readonly version: string;
  /** The database the routes read and write (the pool). */
  readonly db: Queryable;
  /**
   * Who is calling: `bearerPrincipal(verifier)` locally, `apiGatewayPrincipal()` behind
   * API Gateway's JWT authorizer.
   */
  readonly principal: PrincipalResolver;
  /**
   * Hands accepted jobs to their workers.
   * @default a dispatcher with no workers (jobs stay accepted, and replies say so)
   */
  readonly dispatcher?: JobDispatcher;
  /**
   * The change model assistant.
   * @default none (messages are stored; replies say no assistant answered)
   */
  readonly assistant?: AssistantResponder;
  /**
   * How long an assistant session lives, in seconds.
   * @default 86400 (a day)
   */
  readonly sessionTtlSeconds?: number;
  /**
   * A public JWKS to serve at `GET /.well-known/jwks.json` (the local runtime's signing
   * key, so other local tools can verify its tokens). Not served in AWS, where Entra ID
   * publishes the keys.
   * @default not served
   */
  readonly jwks?: { readonly keys: readonly JWK[] };
}

/**
 * The one HTTP app: API Gateway serves it through the Lambda adapter and the local
 * runtime serves it on a port. The routes, their roles and their schemas come from the
 * contract (contract.ts); every reply carries x-request-id and errors share one shape.
 */
export function createApp(deps: AppDependencies): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // A caller's sane x-request-id is kept; otherwise API Gateway's request id, else a new UUID.
  app.use('*', requestId({ generator: (c) => lambdaEventOf(c)?.requestContext?.requestId ?? randomUUID() }));
  app.use('*', async (c, next) => {
    c.set('log', logger);
    // Every line written while the request runs (the jobs it starts too) carries its id, in
    // the request's own log scope: locally requests overlap in one process.
    await withLogKeys({ requestId: c.get('requestId') }, next);
  });

  const guard = createGuard(deps.principal);
  const routeDeps = {
    db: deps.db,
    dispatcher: deps.dispatcher ?? createJobDispatcher(),
    ...(deps.assistant === undefined ? {} : { assistant: deps.assistant }),
    sessionTtlSeconds: deps.sessionTtlSeconds ?? 86_400,
  };

  addRoute(app, ROUTES.health, guard, async (c) => {
    const database = await deps.checkDatabase().then(
      () => 'ok' as const,
      (error: unknown) => {
        c.get('log').warn('health check: database unavailable', { error });
        return 'unavailable' as const;
      },
    );
    const healthy = database === 'ok';
    return c.json(
      { status: healthy ? 'ok' : 'degraded', version: deps.version, checks: { database } },
      healthy ? 200 : 503,
    );
  });
  if (deps.jwks !== undefined) {
    const jwks = { keys: [...deps.jwks.keys] };
    app.get('/.well-known/jwks.json', (c) => c.json(jwks, 200));
  }
  addCatalogueRoutes(app, deps.version, guard);
  addChangeValidationRoutes(app, routeDeps, guard);
  addIncidentEnrichmentRoutes(app, routeDeps, guard);
  addAssistantRoutes(app, routeDeps, guard);

  app.notFound((c) => {
    const reply = toErrorReply(
      new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`),
      c.get('requestId'),
    );
    return c.json(reply.body, 404);
  });

  app.onError((error, c) => {
    const reply = toErrorReply(error, c.get('requestId'));
    const log = c.get('log') ?? logger;
    if (reply.internal) log.error('request failed', { error, path: c.req.path });
    else log.info('request refused', { status: reply.status, code: reply.body.error.code, path: c.req.path });
    return c.json(reply.body, reply.status as 500);
  });

  return app;
}
