import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { AppError, toErrorReply } from '../shared/errors';
import { logger } from '../shared/observability';

/** What the HTTP app needs from the outside world; injected so tests use the real parts. */
export interface AppDependencies {
  /** Resolves when the database answers; rejects otherwise. */
  readonly checkDatabase: () => Promise<void>;
  /** The version reported by /health. */
  readonly version: string;
}

/**
 * The one HTTP app: API Gateway serves it through the Lambda adapter and the local
 * runtime serves it on a port. Routes are added here by each part of the system.
 */
export function createApp(deps: AppDependencies): Hono {
  const app = new Hono();
  app.use('*', requestId());

  app.get('/health', async (c) => {
    const database = await deps.checkDatabase().then(
      () => 'ok' as const,
      (error: unknown) => {
        logger.warn('health check: database unavailable', { error });
        return 'unavailable' as const;
      },
    );
    const healthy = database === 'ok';
    return c.json(
      { status: healthy ? 'ok' : 'degraded', version: deps.version, checks: { database } },
      healthy ? 200 : 503,
    );
  });

  app.notFound((c) => {
    const reply = toErrorReply(
      new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`),
      c.get('requestId'),
    );
    return c.json(reply.body, 404);
  });

  app.onError((error, c) => {
    const reply = toErrorReply(error, c.get('requestId'));
    if (reply.internal) logger.error('request failed', { error, path: c.req.path });
    return c.json(reply.body, reply.status as 500);
  });

  return app;
}
