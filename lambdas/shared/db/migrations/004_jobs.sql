-- The state of the three jobs. A job row is keyed by the record version it works on,
-- (sys_id, sys_updated_on), so a retried ServiceNow delivery finds the row it already
-- created and does the work once. Every row ends in a terminal status a person can see.

CREATE TABLE change_validations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  change_sys_id   text NOT NULL CHECK (change_sys_id ~ '^[0-9a-f]{32}$'),
  change_number   text NOT NULL,
  sys_updated_on  timestamptz NOT NULL,
  status          text NOT NULL DEFAULT 'accepted'
                  CHECK (status IN ('accepted', 'running', 'completed', 'failed', 'parked')),
  -- pass: nothing failed; warn: only warnings failed; fail: a blocker failed.
  verdict         text CHECK (verdict IN ('pass', 'warn', 'fail')),
  correlation_id  text NOT NULL,
  request         jsonb NOT NULL,
  result          jsonb,
  error           text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz,
  UNIQUE (change_sys_id, sys_updated_on),
  CHECK (verdict IS NULL OR status = 'completed'),
  CHECK (status <> 'failed' OR error IS NOT NULL),
  CHECK ((completed_at IS NOT NULL) = (status IN ('completed', 'failed', 'parked')))
);
CREATE INDEX change_validations_status_idx ON change_validations (status, created_at);
CREATE INDEX change_validations_correlation_id_idx ON change_validations (correlation_id);

-- rule_id has no foreign key on purpose: findings are an audit record and must
-- outlive a rule that is later renamed or removed from the catalogue.
CREATE TABLE validation_findings (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  validation_id uuid NOT NULL REFERENCES change_validations (id) ON DELETE CASCADE,
  rule_id       text NOT NULL,
  severity      text NOT NULL CHECK (severity IN ('blocker', 'warning')),
  passed        boolean NOT NULL,
  field         text,
  message       text NOT NULL,
  evidence      jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (validation_id, rule_id)
);

CREATE TABLE incident_enrichments (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_sys_id   text NOT NULL CHECK (incident_sys_id ~ '^[0-9a-f]{32}$'),
  incident_number   text NOT NULL,
  sys_updated_on    timestamptz NOT NULL,
  status            text NOT NULL DEFAULT 'accepted'
                    CHECK (status IN ('accepted', 'running', 'completed', 'failed', 'parked')),
  correlation_id    text NOT NULL,
  request           jsonb NOT NULL,
  -- The Smart Solver's decision: which agents, and why.
  plan              jsonb,
  result            jsonb,
  -- Tokens, cost and latency per model call.
  usage             jsonb,
  error             text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  completed_at      timestamptz,
  UNIQUE (incident_sys_id, sys_updated_on),
  CHECK (status <> 'failed' OR error IS NOT NULL),
  CHECK ((completed_at IS NOT NULL) = (status IN ('completed', 'failed', 'parked')))
);
CREATE INDEX incident_enrichments_status_idx ON incident_enrichments (status, created_at);
CREATE INDEX incident_enrichments_correlation_id_idx ON incident_enrichments (correlation_id);

CREATE TABLE assistant_sessions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The caller's identity (JWT subject), when known.
  subject         text,
  language        text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es')),
  -- technology family, objective, environment as collected so far.
  slots           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(slots) = 'object'),
  recommendations jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(recommendations) = 'array'),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX assistant_sessions_expires_at_idx ON assistant_sessions (expires_at);

CREATE TABLE assistant_messages (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES assistant_sessions (id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('user', 'assistant')),
  content    text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assistant_messages_session_idx ON assistant_messages (session_id, id);
