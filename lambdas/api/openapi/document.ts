import type { z } from 'zod';
import { toJsonSchema } from '../agents/catalogue';
import { ROUTE_LIST, type RouteContract } from '../contract';
import { ErrorBodySchema } from '../schemas/common';

/**
 * The OpenAPI 3.1 document of the gateway, generated from the route contract: the
 * same zod schemas the handlers validate with, as JSON Schema draft 2020-12 (OpenAPI
 * 3.1's dialect). Written to `lambdas/api/openapi/openapi.json` by `npm run openapi`
 * and served at `GET /v1/openapi.json`.
 */
export function buildOpenApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTE_LIST) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchyard MicroGateway',
      version,
      description:
        'ServiceNow’s entry to Switchyard. Every route but /health needs an Entra ID bearer token whose `roles` ' +
        'claim holds the app role the route names (x-switchyard-roles); errors share one shape.',
    },
    servers: [{ url: '/', description: 'The API Gateway stage (or the local runtime) this document is served from.' }],
    tags: [
      { name: 'operations' },
      { name: 'contract' },
      { name: 'agents' },
      { name: 'change-validation' },
      { name: 'incident-enrichment' },
      { name: 'assistant' },
      { name: 'mcp' },
    ],
    paths,
    components: {
      securitySchemes: {
        entraId: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An Entra ID access token (v2) for the API’s Application ID URI; app roles in its `roles` claim. ' +
            'Locally: `npm run token`.',
        },
      },
      schemas: { ErrorBody: toJsonSchema(ErrorBodySchema, 'output') },
    },
  };
}

function operation(route: RouteContract): Record<string, unknown> {
  const parameters = [
    ...objectParameters(route.params, 'path'),
    ...objectParameters(route.query, 'query'),
    ...(route.idempotencyKey === true
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'A retried call with the same key returns what the first one created.',
            schema: { type: 'string', pattern: '^[!-~]{1,255}$' },
          },
        ]
      : []),
    {
      name: 'x-request-id',
      in: 'header',
      required: false,
      description: 'Your correlation id ([A-Za-z0-9_=-], at most 255); generated when absent. Echoed on every reply.',
      schema: { type: 'string', pattern: '^[\\w\\-=]{1,255}$' },
    },
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, reply] of Object.entries(route.responses)) {
    responses[status] = { description: reply.description, content: json(toJsonSchema(reply.schema, 'output')) };
  }
  const errors: Record<number, string> = {};
  if (route.body !== undefined) {
    errors[400] = 'The body is not valid JSON.';
    errors[413] = 'The body is larger than 256 KiB.';
    errors[415] = 'The body is not application/json.';
  }
  if (route.roles !== null) {
    errors[401] = 'No token, or a token that is malformed, unsigned, expired, or for another issuer or audience.';
    errors[403] = 'The token lacks the app role the route needs (named in the message).';
  }
  if (route.params !== undefined) errors[404] = 'No such resource.';
  if (route.body !== undefined || route.query !== undefined || route.idempotencyKey === true) {
    errors[422] = 'A field, query parameter or header fails the schema; details name each one.';
  }
  if (route.idempotencyKey === true) errors[409] = 'The Idempotency-Key was used for another record.';
  if (route.path.startsWith('/v1/assistant/sessions/')) errors[410] = 'The session has expired.';
  if (route.path === '/mcp') errors[501] = 'The MCP server is not implemented yet.';
  for (const [status, description] of Object.entries(errors)) {
    responses[status] = { description, content: json({ $ref: '#/components/schemas/ErrorBody' }) };
  }
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    security: route.roles === null ? [] : [{ entraId: [] }],
    'x-switchyard-roles': route.roles ?? [],
    parameters,
    ...(route.body === undefined
      ? {}
      : { requestBody: { required: route.bodyOptional !== true, content: json(toJsonSchema(route.body, 'input')) } }),
    responses,
  };
}

function objectParameters(schema: z.ZodObject | undefined, where: 'path' | 'query'): Record<string, unknown>[] {
  if (schema === undefined) return [];
  const properties = (toJsonSchema(schema, 'input').properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((toJsonSchema(schema, 'input').required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function json(schema: unknown): Record<string, unknown> {
  return { 'application/json': { schema } };
}
