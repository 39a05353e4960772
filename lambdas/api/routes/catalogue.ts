import type { Hono } from 'hono';
import { AppError } from '../../shared/errors';
import { describeAgents } from '../agents/catalogue';
import type { AppEnv } from '../context';
import { ROUTES } from '../contract';
import { buildOpenApiDocument } from '../openapi/document';
import { addRoute, type RouteGuard } from './guard';

/** GET /v1/agents, GET /v1/openapi.json and POST /mcp (not implemented yet). */
export function addCatalogueRoutes(app: Hono<AppEnv>, version: string, guard: RouteGuard): void {
  let agents: ReturnType<typeof describeAgents> | undefined;
  let document: Record<string, unknown> | undefined;

  addRoute(app, ROUTES.listAgents, guard, async (c) => {
    agents ??= describeAgents();
    return c.json({ agents }, 200);
  });

  addRoute(app, ROUTES.openapi, guard, async (c) => {
    document ??= buildOpenApiDocument(version);
    return c.json(document, 200);
  });

  // The route is part of the contract so callers and the authorizer know it; the MCP
  // server itself is a later issue. Until then: an honest 501, never a fake handshake.
  addRoute(app, ROUTES.mcp, guard, async () => {
    throw new AppError(
      'NOT_IMPLEMENTED',
      'The MCP server is not implemented in this version; /mcp will serve the Streamable HTTP transport once it is.',
    );
  });
}
