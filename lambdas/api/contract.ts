import { z } from 'zod';
import { ROLES, type Role } from './auth';
import { AgentCatalogueSchema } from './schemas/agents';
import {
  AssistantSessionViewSchema,
  CreateSessionBodySchema,
  MessageReplySchema,
  PostMessageBodySchema,
} from './schemas/assistant';
import { UuidParamsSchema, WaitQuerySchema } from './schemas/common';
import {
  ChangeValidationDeliverySchema,
  ChangeValidationViewSchema,
  IncidentEnrichmentDeliverySchema,
  IncidentEnrichmentViewSchema,
} from './schemas/jobs';
import { ChangeRequestRecordSchema, IncidentRecordSchema } from './schemas/records';

/**
 * The public HTTP contract, as data: every route, the roles that may call it, and the
 * zod schemas its handler validates with. The handlers (routes/*.ts) and the OpenAPI
 * document (openapi/document.ts) are both built from this table, so they cannot drift.
 */
export interface RouteContract {
  readonly method: 'get' | 'post';
  /** OpenAPI-style path (`/v1/things/{id}`). */
  readonly path: string;
  readonly operationId: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  /** Any one of these app roles is enough; null: no authentication (only /health). */
  readonly roles: readonly [Role, ...Role[]] | null;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** Accepts an `Idempotency-Key` header. */
  readonly idempotencyKey?: boolean;
  readonly body?: z.ZodType;
  /** The body may be left out (its schema's defaults apply). */
  readonly bodyOptional?: boolean;
  /** Success replies by status. Error replies are added from the route's features. */
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema: z.ZodType }>>;
}

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  checks: z.object({ database: z.enum(['ok', 'unavailable']) }),
});

const jobPostDescription = (what: string) =>
  `Takes ${what} and answers at once with the job (202 while it is open, 200 once finished). ` +
  'A retried delivery of the same record version (sys_id + sys_updated_on or sys_mod_count) or the same ' +
  'Idempotency-Key returns the existing job (created: false) instead of starting another. ' +
  '`?wait=<seconds>` holds the answer until the job has finished or the wait is over.';

/** Every route of the gateway. */
export const ROUTES = {
  health: {
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    tag: 'operations',
    summary: 'Liveness and database reachability (no authentication).',
    roles: null,
    responses: {
      200: { description: 'Healthy.', schema: HealthSchema },
      503: { description: 'The database does not answer.', schema: HealthSchema },
    },
  },
  openapi: {
    method: 'get',
    path: '/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'contract',
    summary: 'This OpenAPI 3.1 document.',
    roles: [ROLES.read],
    responses: { 200: { description: 'The document.', schema: z.record(z.string(), z.unknown()) } },
  },
  listAgents: {
    method: 'get',
    path: '/v1/agents',
    operationId: 'listAgents',
    tag: 'agents',
    summary: 'The agent catalogue: name, purpose, version, input and output schema, model alias, job.',
    roles: [ROLES.read],
    responses: { 200: { description: 'The catalogue.', schema: AgentCatalogueSchema } },
  },
  createChangeValidation: {
    method: 'post',
    path: '/v1/change-validations',
    operationId: 'createChangeValidation',
    tag: 'change-validation',
    summary: 'Validate a draft change request.',
    description: jobPostDescription('a change_request record'),
    roles: [ROLES.changes],
    query: WaitQuerySchema,
    idempotencyKey: true,
    body: ChangeRequestRecordSchema,
    responses: {
      202: { description: 'Accepted; the job is still open.', schema: ChangeValidationDeliverySchema },
      200: {
        description: 'The job has finished (after ?wait, or a retried delivery).',
        schema: ChangeValidationDeliverySchema,
      },
    },
  },
  getChangeValidation: {
    method: 'get',
    path: '/v1/change-validations/{id}',
    operationId: 'getChangeValidation',
    tag: 'change-validation',
    summary: 'Read a change validation job and its findings.',
    roles: [ROLES.read, ROLES.changes],
    params: UuidParamsSchema,
    responses: { 200: { description: 'The job.', schema: ChangeValidationViewSchema } },
  },
  createIncidentEnrichment: {
    method: 'post',
    path: '/v1/incident-enrichments',
    operationId: 'createIncidentEnrichment',
    tag: 'incident-enrichment',
    summary: 'Enrich an incident.',
    description: jobPostDescription('an incident record'),
    roles: [ROLES.incidents],
    query: WaitQuerySchema,
    idempotencyKey: true,
    body: IncidentRecordSchema,
    responses: {
      202: { description: 'Accepted; the job is still open.', schema: IncidentEnrichmentDeliverySchema },
      200: {
        description: 'The job has finished (after ?wait, or a retried delivery).',
        schema: IncidentEnrichmentDeliverySchema,
      },
    },
  },
  getIncidentEnrichment: {
    method: 'get',
    path: '/v1/incident-enrichments/{id}',
    operationId: 'getIncidentEnrichment',
    tag: 'incident-enrichment',
    summary: 'Read an incident enrichment job.',
    roles: [ROLES.read, ROLES.incidents],
    params: UuidParamsSchema,
    responses: { 200: { description: 'The job.', schema: IncidentEnrichmentViewSchema } },
  },
  createAssistantSession: {
    method: 'post',
    path: '/v1/assistant/sessions',
    operationId: 'createAssistantSession',
    tag: 'assistant',
    summary: 'Open a change model assistant conversation.',
    roles: [ROLES.assistant],
    query: WaitQuerySchema,
    body: CreateSessionBodySchema,
    bodyOptional: true,
    responses: { 201: { description: 'The new session.', schema: AssistantSessionViewSchema } },
  },
  getAssistantSession: {
    method: 'get',
    path: '/v1/assistant/sessions/{id}',
    operationId: 'getAssistantSession',
    tag: 'assistant',
    summary: 'Read a conversation (only its owner may).',
    roles: [ROLES.assistant],
    params: UuidParamsSchema,
    responses: { 200: { description: 'The session and its messages.', schema: AssistantSessionViewSchema } },
  },
  postAssistantMessage: {
    method: 'post',
    path: '/v1/assistant/sessions/{id}/messages',
    operationId: 'postAssistantMessage',
    tag: 'assistant',
    summary: 'Say something in a conversation and get the assistant’s reply.',
    description:
      'Stores the message and answers with the assistant’s reply. The same Idempotency-Key in a session stores the message once. ' +
      '`?wait` is accepted for symmetry: the reply is produced within the call.',
    roles: [ROLES.assistant],
    params: UuidParamsSchema,
    query: WaitQuerySchema,
    idempotencyKey: true,
    body: PostMessageBodySchema,
    responses: {
      200: { description: 'The message and the assistant’s reply.', schema: MessageReplySchema },
      202: { description: 'Stored; no assistant answered (none registered).', schema: MessageReplySchema },
    },
  },
  mcp: {
    method: 'post',
    path: '/mcp',
    operationId: 'postMcp',
    tag: 'mcp',
    summary: 'The MCP server (Streamable HTTP). Not implemented yet: answers 501 NOT_IMPLEMENTED.',
    roles: [ROLES.read],
    responses: {},
  },
} as const satisfies Record<string, RouteContract>;

/** The contract's routes, in document order. */
export const ROUTE_LIST: readonly RouteContract[] = Object.values(ROUTES);

/** The hono form of a contract path (`{id}` → `:id`). */
export function honoPath(route: RouteContract): string {
  return route.path.replace(/\{(\w+)\}/g, ':$1');
}
