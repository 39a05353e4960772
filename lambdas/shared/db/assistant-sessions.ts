import type { Queryable } from './pool';

/**
 * Change model assistant conversations: a session (the slots collected so far and the
 * recommendations made) and its messages, oldest first. The gateway stores what callers
 * send; the assistant (its own issue) writes the replies and the session state.
 */

export const ASSISTANT_LANGUAGES = ['en', 'es'] as const;
export type AssistantLanguage = (typeof ASSISTANT_LANGUAGES)[number];

export const ASSISTANT_MESSAGE_ROLES = ['user', 'assistant'] as const;
export type AssistantMessageRole = (typeof ASSISTANT_MESSAGE_ROLES)[number];

export interface AssistantSession {
  readonly id: string;
  /** The caller who opened it (token subject); null when unknown. */
  readonly subject: string | null;
  readonly language: AssistantLanguage;
  /** Technology family, objective, environment as collected so far. */
  readonly slots: Record<string, unknown>;
  readonly recommendations: unknown[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly expiresAt: string;
}

export interface AssistantMessage {
  readonly id: number;
  readonly sessionId: string;
  readonly role: AssistantMessageRole;
  readonly content: string;
  /** The request id of the call that wrote it. */
  readonly correlationId: string | null;
  readonly idempotencyKey: string | null;
  readonly createdAt: string;
}

interface SessionRow {
  id: string;
  subject: string | null;
  language: AssistantLanguage;
  slots: Record<string, unknown>;
  recommendations: unknown[];
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
}

interface MessageRow {
  id: string;
  session_id: string;
  role: AssistantMessageRole;
  content: string;
  correlation_id: string | null;
  idempotency_key: string | null;
  created_at: Date;
}

const SESSION_COLUMNS = 'id, subject, language, slots, recommendations, created_at, updated_at, expires_at';
const MESSAGE_COLUMNS = 'id, session_id, role, content, correlation_id, idempotency_key, created_at';

/** Opens a session that expires `ttlSeconds` from now. */
export async function createAssistantSession(
  db: Queryable,
  input: { readonly subject: string | null; readonly language: AssistantLanguage; readonly ttlSeconds: number },
): Promise<AssistantSession> {
  const { rows } = await db.query<SessionRow>(
    `INSERT INTO assistant_sessions (subject, language, expires_at)
     VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING ${SESSION_COLUMNS}`,
    [input.subject, input.language, input.ttlSeconds],
  );
  return sessionFromRow(rows[0] as SessionRow);
}

/** The session with this id, or null. */
export async function getAssistantSession(db: Queryable, id: string): Promise<AssistantSession | null> {
  const { rows } = await db.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM assistant_sessions WHERE id = $1`, [id]);
  return rows[0] === undefined ? null : sessionFromRow(rows[0]);
}

/** Records the slots and recommendations the assistant has reached. */
export async function updateAssistantSessionState(
  db: Queryable,
  id: string,
  state: { readonly slots: Record<string, unknown>; readonly recommendations: readonly unknown[] },
): Promise<AssistantSession | null> {
  const { rows } = await db.query<SessionRow>(
    `UPDATE assistant_sessions SET slots = $2::jsonb, recommendations = $3::jsonb, updated_at = now()
      WHERE id = $1 RETURNING ${SESSION_COLUMNS}`,
    [id, JSON.stringify(state.slots), JSON.stringify(state.recommendations)],
  );
  return rows[0] === undefined ? null : sessionFromRow(rows[0]);
}

/**
 * Appends a message. With an `idempotencyKey` already used in this session, the stored
 * message is returned instead (`created: false`), so a retried POST is stored once.
 */
export async function appendAssistantMessage(
  db: Queryable,
  input: {
    readonly sessionId: string;
    readonly role: AssistantMessageRole;
    readonly content: string;
    readonly correlationId: string | null;
    readonly idempotencyKey?: string | null;
  },
): Promise<{ message: AssistantMessage; created: boolean }> {
  const key = input.idempotencyKey ?? null;
  const inserted = await db.query<MessageRow>(
    `INSERT INTO assistant_messages (session_id, role, content, correlation_id, idempotency_key)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING ${MESSAGE_COLUMNS}`,
    [input.sessionId, input.role, input.content, input.correlationId, key],
  );
  if (inserted.rows[0] !== undefined) {
    await db.query('UPDATE assistant_sessions SET updated_at = now() WHERE id = $1', [input.sessionId]);
    return { message: messageFromRow(inserted.rows[0]), created: true };
  }
  const existing = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM assistant_messages WHERE session_id = $1 AND idempotency_key = $2`,
    [input.sessionId, key],
  );
  return { message: messageFromRow(existing.rows[0] as MessageRow), created: false };
}

/** A session's messages, oldest first; with `afterId`, only those written after that message. */
export async function listAssistantMessages(
  db: Queryable,
  sessionId: string,
  options: { readonly afterId?: number } = {},
): Promise<AssistantMessage[]> {
  const { rows } = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM assistant_messages WHERE session_id = $1 AND id > $2 ORDER BY id`,
    [sessionId, options.afterId ?? 0],
  );
  return rows.map(messageFromRow);
}

function sessionFromRow(row: SessionRow): AssistantSession {
  return {
    id: row.id,
    subject: row.subject,
    language: row.language,
    slots: row.slots,
    recommendations: row.recommendations,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}

function messageFromRow(row: MessageRow): AssistantMessage {
  return {
    id: Number(row.id),
    sessionId: row.session_id,
    role: row.role,
    content: row.content,
    correlationId: row.correlation_id,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at.toISOString(),
  };
}
