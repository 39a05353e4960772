import type { Hono, MiddlewareHandler } from 'hono';
import type { Queryable } from '../../shared/db/pool';
import type { AssistantResponder } from '../assistant/responder';
import { type PrincipalResolver, requireAnyRole } from '../auth';
import type { AppContext, AppEnv } from '../context';
import { honoPath, type RouteContract } from '../contract';
import type { JobDispatcher } from '../jobs/dispatcher';

/** What the route handlers work with. */
export interface RouteDependencies {
  readonly db: Queryable;
  readonly dispatcher: JobDispatcher;
  /** The change model assistant; none until its issue registers one. */
  readonly assistant?: AssistantResponder;
  /** How long an assistant session lives, in seconds. */
  readonly sessionTtlSeconds: number;
}

/** Builds the middleware that enforces a route's contract: authentication, then one of its roles. */
export type RouteGuard = (route: RouteContract) => MiddlewareHandler<AppEnv>;

/** A guard resolving callers with `resolve` (bearer tokens locally, authorizer claims in AWS). */
export function createGuard(resolve: PrincipalResolver): RouteGuard {
  return (route) => {
    if (route.roles === null) return async (_c, next) => next();
    const check = requireAnyRole(route.roles);
    return async (c, next) => {
      c.set('principal', await resolve(c));
      return check(c as never, next);
    };
  };
}

/** Registers `handler` for a contract route behind its guard. */
export function addRoute(
  app: Hono<AppEnv>,
  route: RouteContract,
  guard: RouteGuard,
  handler: (c: AppContext) => Promise<Response>,
): void {
  app.on(route.method.toUpperCase(), honoPath(route), guard(route), handler);
}
