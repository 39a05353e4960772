-- Daily model spend per alias and per agent (UTC day), incremented atomically by each
-- call (INSERT … ON CONFLICT DO UPDATE) and read before the next one to enforce budgets.
-- A new day is a new row, so budgets reset at 00:00 UTC without a job.
CREATE TABLE inference_spend (
  day           date NOT NULL,
  scope         text NOT NULL CHECK (scope IN ('alias', 'agent')),
  name          text NOT NULL CHECK (name <> ''),
  spent_usd     numeric(18, 9) NOT NULL DEFAULT 0 CHECK (spent_usd >= 0),
  calls         integer NOT NULL DEFAULT 0 CHECK (calls >= 0),
  input_tokens  bigint NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
  output_tokens bigint NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (day, scope, name)
);
