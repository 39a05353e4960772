import { z } from 'zod';
import { ASSISTANT_LANGUAGES, ASSISTANT_MESSAGE_ROLES } from '../../shared/db/assistant-sessions';

/** `POST /v1/assistant/sessions`. */
export const CreateSessionBodySchema = z
  .object({
    language: z.enum(ASSISTANT_LANGUAGES).default('en').describe('The language to converse in.'),
  })
  .strict();

/** `POST /v1/assistant/sessions/{id}/messages`. */
export const PostMessageBodySchema = z
  .object({
    content: z.string().trim().min(1).max(4000).describe('What the user says (at most 4000 characters).'),
  })
  .strict();

export const AssistantMessageSchema = z.object({
  id: z.number().int(),
  role: z.enum(ASSISTANT_MESSAGE_ROLES),
  content: z.string(),
  correlationId: z.string().nullable(),
  createdAt: z.string(),
});

/** A session as GET returns it. */
export const AssistantSessionViewSchema = z.object({
  id: z.string(),
  language: z.enum(ASSISTANT_LANGUAGES),
  slots: z.record(z.string(), z.unknown()).describe('Technology family, objective, environment collected so far.'),
  recommendations: z.array(z.unknown()).describe('Change models recommended, with pre-filled form links.'),
  messages: z.array(AssistantMessageSchema),
  sessionUrl: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string(),
});
export type AssistantSessionView = z.infer<typeof AssistantSessionViewSchema>;

/** The reply to posting a message. */
export const MessageReplySchema = z.object({
  sessionId: z.string(),
  status: z
    .enum(['answered', 'awaiting_responder'])
    .describe('answered: reply holds the assistant’s answer; awaiting_responder: no assistant is registered.'),
  message: AssistantMessageSchema.describe('The stored user message.'),
  reply: AssistantMessageSchema.nullable(),
  slots: z.record(z.string(), z.unknown()).describe('The slots collected so far (after this message).'),
  recommendations: z
    .array(z.unknown())
    .describe('Change models recommended once the slots are filled, each with reasons and a pre-filled form link.'),
  created: z.boolean().describe('false when the Idempotency-Key matched a message already stored.'),
  note: z.string().optional(),
});
