import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'hono';
import type { Principal } from './auth';

/** What the middleware puts on every request's context. */
export interface AppVariables {
  /** The x-request-id of this call (caller's, API Gateway's, or generated). */
  requestId: string;
  /** The authenticated caller (absent only on /health). */
  principal: Principal;
  /** The logger for this request, with `requestId` among its keys. */
  log: Logger;
}

/** The hono environment of the app. `Bindings` are the Lambda adapter's, absent locally. */
export interface AppEnv {
  Variables: AppVariables;
}

/** A request context of the app. */
export type AppContext = Context<AppEnv>;

/** The API Gateway v2 event behind this request, when it came through the Lambda adapter. */
export function lambdaEventOf(
  c: Context,
): { requestContext?: { requestId?: string; authorizer?: { jwt?: { claims?: unknown } } } } | undefined {
  const env = c.env as { event?: unknown } | undefined;
  return env !== null && typeof env === 'object' && typeof env.event === 'object' && env.event !== null
    ? (env.event as { requestContext?: { requestId?: string } })
    : undefined;
}
