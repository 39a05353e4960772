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

// Timestamps are Dates from a column and ISO strings from row_to_json / json_agg.
interface SessionRow {
  id: string;
  subject: string | null;
  language: AssistantLanguage;
  slots: Record<string, unknown>;
  recommendations: unknown[];
  created_at: Date | string;
  updated_at: Date | string;
  expires_at: Date | string;
}

interface MessageRow {
  id: string | number;
  session_id: string;
  role: AssistantMessageRole;
  content: string;
  correlation_id: string | null;
  idempotency_key: string | null;
  created_at: Date | string;
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

/** A session with its messages, oldest first. */
export interface AssistantConversation {
  readonly session: AssistantSession;
  readonly messages: readonly AssistantMessage[];
}

/** The session with this id and all its messages, in one statement; null when there is none. */
export async function loadAssistantConversation(db: Queryable, id: string): Promise<AssistantConversation | null> {
  const { rows } = await db.query<SessionRow & { messages: MessageRow[] }>(
    `SELECT ${SESSION_COLUMNS},
            COALESCE((SELECT json_agg(m ORDER BY m.id) FROM (
                        SELECT ${MESSAGE_COLUMNS} FROM assistant_messages WHERE session_id = s.id) m), '[]'::json)
              AS messages
       FROM assistant_sessions s WHERE id = $1`,
    [id],
  );
  const row = rows[0];
  return row === undefined ? null : { session: sessionFromRow(row), messages: row.messages.map(messageFromRow) };
}

/** One user message and, when the responder answered, its reply and the session state it reached. */
export interface AssistantTurnRecord {
  readonly sessionId: string;
  readonly content: string;
  readonly correlationId: string | null;
  readonly idempotencyKey?: string | null;
  /** The responder's reply; null stores the user message alone. */
  readonly reply: string | null;
  /** Replaces the session's slots; null keeps them. */
  readonly slots: Record<string, unknown> | null;
  /** Replaces the session's recommendations; null keeps them. */
  readonly recommendations: readonly unknown[] | null;
}

/** What {@link recordAssistantTurn} stored; `created: false` when the Idempotency-Key was already used. */
export type RecordedAssistantTurn =
  | {
      readonly created: true;
      readonly message: AssistantMessage;
      readonly reply: AssistantMessage | null;
      readonly session: AssistantSession;
    }
  | { readonly created: false };

/**
 * Stores a turn in one statement: the user message, the reply (inserted after it, so
 * ids keep the order) and the session's new slots, recommendations and updated_at.
 * With an `idempotencyKey` already used in the session nothing is written
 * (`created: false`); the caller reads the stored turn back.
 */
export async function recordAssistantTurn(db: Queryable, turn: AssistantTurnRecord): Promise<RecordedAssistantTurn> {
  const { rows } = await db.query<{ message: MessageRow | null; reply: MessageRow | null; session: SessionRow | null }>(
    `WITH u AS (
       INSERT INTO assistant_messages (session_id, role, content, correlation_id, idempotency_key)
       VALUES ($1, 'user', $2, $3, $4) ON CONFLICT DO NOTHING RETURNING ${MESSAGE_COLUMNS}
     ), a AS (
       INSERT INTO assistant_messages (session_id, role, content, correlation_id)
       SELECT $1, 'assistant', $5::text, $3 FROM u WHERE $5::text IS NOT NULL RETURNING ${MESSAGE_COLUMNS}
     ), s AS (
       UPDATE assistant_sessions
          SET slots = COALESCE($6::jsonb, slots), recommendations = COALESCE($7::jsonb, recommendations),
              updated_at = now()
        WHERE id = $1 AND EXISTS (SELECT 1 FROM u) RETURNING ${SESSION_COLUMNS}
     )
     SELECT (SELECT row_to_json(u) FROM u) AS message, (SELECT row_to_json(a) FROM a) AS reply,
            (SELECT row_to_json(s) FROM s) AS session`,
    [
      turn.sessionId,
      turn.content,
      turn.correlationId,
      turn.idempotencyKey ?? null,
      turn.reply,
      turn.slots === null ? null : JSON.stringify(turn.slots),
      turn.recommendations === null ? null : JSON.stringify(turn.recommendations),
    ],
  );
  const row = rows[0];
  if (row?.message == null || row.session == null) return { created: false };
  return {
    created: true,
    message: messageFromRow(row.message),
    reply: row.reply == null ? null : messageFromRow(row.reply),
    session: sessionFromRow(row.session),
  };
}

function sessionFromRow(row: SessionRow): AssistantSession {
  return {
    id: row.id,
    subject: row.subject,
    language: row.language,
    slots: row.slots,
    recommendations: row.recommendations,
    createdAt: isoOf(row.created_at),
    updatedAt: isoOf(row.updated_at),
    expiresAt: isoOf(row.expires_at),
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
    createdAt: isoOf(row.created_at),
  };
}

function isoOf(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
