-- Assistant messages carry the request id of the call that wrote them (so a reply can
-- be traced to the agent's logs) and, for user messages, the caller's Idempotency-Key:
-- a retried POST of the same message stores it once.

ALTER TABLE assistant_messages
  ADD COLUMN correlation_id text,
  ADD COLUMN idempotency_key text CHECK (idempotency_key ~ '^[!-~]{1,255}$');
CREATE UNIQUE INDEX assistant_messages_idempotency_key
  ON assistant_messages (session_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
