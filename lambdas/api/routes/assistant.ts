import type { Hono } from 'hono';
import {
  type AssistantConversation,
  type AssistantMessage,
  type AssistantSession,
  appendAssistantMessage,
  createAssistantSession,
  loadAssistantConversation,
  recordAssistantTurn,
  updateAssistantSessionState,
} from '../../shared/db/assistant-sessions';
import { AppError } from '../../shared/errors';
import { type AssistantAnswer, NO_RESPONDER_NOTE } from '../assistant/responder';
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
  // One statement reads the session with its messages.
  const ownConversation = async (c: AppContext): Promise<AssistantConversation> => {
    const id = readIdParam(c, 'assistant session');
    const conversation = await loadAssistantConversation(deps.db, id);
    const session = conversation?.session;
    if (session === undefined || session.subject !== c.get('principal').subject)
      throw notFound('assistant session', id);
    if (Date.parse(session.expiresAt) <= Date.now()) {
      throw new AppError('GONE', `Assistant session '${id}' expired at ${session.expiresAt}; open a new one.`);
    }
    return conversation as AssistantConversation;
  };

  const sessionView = (c: AppContext, { session, messages }: AssistantConversation) => ({
    id: session.id,
    language: session.language,
    slots: session.slots,
    recommendations: session.recommendations,
    messages: messages.map(messageView),
    sessionUrl: sessionUrl(c, session.id),
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    expiresAt: session.expiresAt,
  });

  const turnView = (
    c: AppContext,
    turn: {
      session: AssistantSession;
      message: AssistantMessage;
      reply: AssistantMessage | null;
      created: boolean;
    },
  ) => {
    if (!turn.created) c.header('Idempotent-Replayed', 'true');
    return c.json(
      {
        sessionId: turn.session.id,
        status: turn.reply === null ? ('awaiting_responder' as const) : ('answered' as const),
        message: messageView(turn.message),
        reply: turn.reply === null ? null : messageView(turn.reply),
        slots: turn.session.slots,
        recommendations: turn.session.recommendations,
        created: turn.created,
        ...(turn.reply === null && deps.assistant === undefined ? { note: NO_RESPONDER_NOTE } : {}),
      },
      turn.reply === null ? 202 : 200,
    );
  };

  // A message already stored under this Idempotency-Key: its reply, or (a retry of a
  // message no one answered yet, e.g. the responder failed) its answer now.
  const replay = async (c: AppContext, conversation: AssistantConversation, message: AssistantMessage) => {
    const { session, messages } = conversation;
    const later = messages.filter((m) => m.id > message.id);
    const reply = later.find((m) => m.role === 'assistant') ?? null;
    if (reply !== null || deps.assistant === undefined || later.length > 0)
      return turnView(c, { session, message, reply, created: false });
    const requestId = c.get('requestId');
    const history = messages.filter((m) => m.id <= message.id);
    const answer = await deps.assistant({ session, history, message, correlationId: requestId });
    const stored = await appendAssistantMessage(deps.db, {
      sessionId: session.id,
      role: 'assistant',
      content: answer.content,
      correlationId: requestId,
    });
    const state =
      (await updateAssistantSessionState(deps.db, session.id, {
        slots: answer.slots ?? session.slots,
        recommendations: answer.recommendations ?? session.recommendations,
      })) ?? session;
    return turnView(c, { session: state, message, reply: stored.message, created: false });
  };

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
    return c.json(sessionView(c, { session, messages: [] }), 201);
  });

  addRoute(app, ROUTES.getAssistantSession, guard, async (c) => {
    return c.json(sessionView(c, await ownConversation(c)), 200);
  });

  // One statement reads the conversation, the responder answers, one statement stores the
  // message, the reply and the session state (the inference ledger adds its own rows).
  addRoute(app, ROUTES.postAssistantMessage, guard, async (c) => {
    readQuery(c, WaitQuerySchema);
    const conversation = await ownConversation(c);
    const { session, messages } = conversation;
    const idempotencyKey = readIdempotencyKey(c);
    const body = await readJsonBody(c, PostMessageBodySchema);
    const requestId = c.get('requestId');
    const sent = (key: string | null) =>
      key === null ? undefined : messages.find((m) => m.role === 'user' && m.idempotencyKey === key);
    const earlier = sent(idempotencyKey);
    if (earlier !== undefined) return replay(c, conversation, earlier);

    const userTurn = { sessionId: session.id, content: body.content, correlationId: requestId, idempotencyKey };
    let answer: AssistantAnswer | undefined;
    if (deps.assistant !== undefined) {
      const message = { role: 'user' as const, content: body.content, correlationId: requestId };
      try {
        answer = await deps.assistant({ session, history: [...messages, message], message, correlationId: requestId });
      } catch (error) {
        // The message is kept, so a retry with the same Idempotency-Key gets its answer.
        await recordAssistantTurn(deps.db, { ...userTurn, reply: null, slots: null, recommendations: null });
        throw error;
      }
    }
    const recorded = await recordAssistantTurn(deps.db, {
      ...userTurn,
      reply: answer?.content ?? null,
      slots: answer?.slots ?? null,
      recommendations: answer?.recommendations ?? null,
    });
    if (recorded.created) return turnView(c, { ...recorded, created: true });
    // A concurrent retry with the same Idempotency-Key stored the message first.
    const again = (await loadAssistantConversation(deps.db, session.id)) ?? conversation;
    const first = again.messages.find((m) => m.role === 'user' && m.idempotencyKey === idempotencyKey);
    if (first === undefined) throw new AppError('INTERNAL', `The message of session '${session.id}' was not stored.`);
    return turnView(c, {
      session: again.session,
      message: first,
      reply: again.messages.find((m) => m.id > first.id && m.role === 'assistant') ?? null,
      created: false,
    });
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
