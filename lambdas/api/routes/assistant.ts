import type { Hono } from 'hono';
import {
  type AssistantMessage,
  type AssistantSession,
  appendAssistantMessage,
  createAssistantSession,
  getAssistantSession,
  listAssistantMessages,
  updateAssistantSessionState,
} from '../../shared/db/assistant-sessions';
import { AppError } from '../../shared/errors';
import { NO_RESPONDER_NOTE } from '../assistant/responder';
import { parseWith, readJsonBody } from '../body';
import type { AppContext, AppEnv } from '../context';
import { ROUTES } from '../contract';
import { notFound, readIdempotencyKey, readIdParam, readQuery, urlFor } from '../request';
import { CreateSessionBodySchema, PostMessageBodySchema } from '../schemas/assistant';
import { WaitQuerySchema } from '../schemas/common';
import { addRoute, type RouteDependencies, type RouteGuard } from './guard';

/** The assistant's routes: open a session, read it, post a message. */
export function addAssistantRoutes(app: Hono<AppEnv>, deps: RouteDependencies, guard: RouteGuard): void {
  const sessionUrl = (c: AppContext, id: string) => urlFor(c, `/v1/assistant/sessions/${id}`);

  // Only the caller who opened a session may use it; to anyone else it does not exist.
  const ownSession = async (c: AppContext): Promise<AssistantSession> => {
    const id = readIdParam(c, 'assistant session');
    const session = await getAssistantSession(deps.db, id);
    if (session === null || session.subject !== c.get('principal').subject) throw notFound('assistant session', id);
    if (Date.parse(session.expiresAt) <= Date.now()) {
      throw new AppError('GONE', `Assistant session '${id}' expired at ${session.expiresAt}; open a new one.`);
    }
    return session;
  };

  const sessionView = async (c: AppContext, session: AssistantSession) => ({
    id: session.id,
    language: session.language,
    slots: session.slots,
    recommendations: session.recommendations,
    messages: (await listAssistantMessages(deps.db, session.id)).map(messageView),
    sessionUrl: sessionUrl(c, session.id),
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    expiresAt: session.expiresAt,
  });

  addRoute(app, ROUTES.createAssistantSession, guard, async (c) => {
    readQuery(c, WaitQuerySchema);
    // An empty POST opens a session with the defaults; a body must be JSON.
    const body =
      c.req.header('content-type') === undefined && (c.req.header('content-length') ?? '0') === '0'
        ? parseWith(CreateSessionBodySchema, {}, 'The body')
        : await readJsonBody(c, CreateSessionBodySchema);
    const session = await createAssistantSession(deps.db, {
      subject: c.get('principal').subject,
      language: body.language,
      ttlSeconds: deps.sessionTtlSeconds,
    });
    c.header('Location', sessionUrl(c, session.id));
    return c.json(await sessionView(c, session), 201);
  });

  addRoute(app, ROUTES.getAssistantSession, guard, async (c) => {
    return c.json(await sessionView(c, await ownSession(c)), 200);
  });

  addRoute(app, ROUTES.postAssistantMessage, guard, async (c) => {
    readQuery(c, WaitQuerySchema);
    const session = await ownSession(c);
    const idempotencyKey = readIdempotencyKey(c);
    const body = await readJsonBody(c, PostMessageBodySchema);
    const requestId = c.get('requestId');
    const { message, created } = await appendAssistantMessage(deps.db, {
      sessionId: session.id,
      role: 'user',
      content: body.content,
      correlationId: requestId,
      idempotencyKey,
    });
    const later = await listAssistantMessages(deps.db, session.id, { afterId: message.id });
    let reply = later.find((m) => m.role === 'assistant') ?? null;
    // A retry of a message no one answered yet gets its answer now.
    if (reply === null && deps.assistant !== undefined && later.length === 0) {
      const history = await listAssistantMessages(deps.db, session.id);
      const answer = await deps.assistant({ session, history, message, correlationId: requestId });
      reply = (
        await appendAssistantMessage(deps.db, {
          sessionId: session.id,
          role: 'assistant',
          content: answer.content,
          correlationId: requestId,
        })
      ).message;
      if (answer.slots !== undefined || answer.recommendations !== undefined) {
        await updateAssistantSessionState(deps.db, session.id, {
          slots: answer.slots ?? session.slots,
          recommendations: answer.recommendations ?? session.recommendations,
        });
      }
    }
    if (!created) c.header('Idempotent-Replayed', 'true');
    const state = (await getAssistantSession(deps.db, session.id)) ?? session;
    return c.json(
      {
        sessionId: session.id,
        status: reply === null ? ('awaiting_responder' as const) : ('answered' as const),
        message: messageView(message),
        reply: reply === null ? null : messageView(reply),
        slots: state.slots,
        recommendations: state.recommendations,
        created,
        ...(reply === null && deps.assistant === undefined ? { note: NO_RESPONDER_NOTE } : {}),
      },
      reply === null ? 202 : 200,
    );
  });
}

function messageView(message: AssistantMessage) {
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    correlationId: message.correlationId,
    createdAt: message.createdAt,
  };
}
