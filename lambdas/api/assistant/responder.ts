import type { AssistantMessage, AssistantSession } from '../../shared/db/assistant-sessions';

/** A message as the responder sees it (the new one is stored together with the reply). */
export type TurnMessage = Pick<AssistantMessage, 'role' | 'content' | 'correlationId'>;

/**
 * The change model assistant behind `POST /v1/assistant/sessions/{id}/messages`. The
 * gateway reads the session with its messages, calls the responder with the new
 * message, and stores the message, the reply and the session state in one statement.
 * With none registered the message is stored and the reply says no assistant answered.
 */
export interface AssistantTurn {
  readonly session: AssistantSession;
  /** Every message so far, oldest first, ending with `message`. */
  readonly history: readonly TurnMessage[];
  /** The user message this turn answers. */
  readonly message: TurnMessage;
  /** The x-request-id of the call, for the responder's logs and audit rows. */
  readonly correlationId: string;
}

export interface AssistantAnswer {
  readonly content: string;
  /** The slots collected after this turn (replaces the session's). */
  readonly slots?: Record<string, unknown>;
  /** The recommendations after this turn (replaces the session's). */
  readonly recommendations?: readonly unknown[];
}

/** Answers one user message. */
export type AssistantResponder = (turn: AssistantTurn) => Promise<AssistantAnswer>;

/** Said when no responder is registered. */
export const NO_RESPONDER_NOTE =
  'No assistant is registered in this deployment yet: the message is stored and no reply has been generated.';
