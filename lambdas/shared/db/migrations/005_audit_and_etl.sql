-- Every agent call, for the audit trail: one correlation id from the ServiceNow
-- record through every agent of the job.
CREATE TABLE agent_runs (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  correlation_id text NOT NULL,
  agent          text NOT NULL CHECK (agent <> ''),
  -- sha256 of the canonical input, so identical inputs can be recognised without storing them.
  input_hash     text NOT NULL,
  output         jsonb,
  model          text,
  input_tokens   integer NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
  output_tokens  integer NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
  latency_ms     integer NOT NULL CHECK (latency_ms >= 0),
  status         text NOT NULL CHECK (status IN ('succeeded', 'failed')),
  error          text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'failed' OR error IS NOT NULL)
);
CREATE INDEX agent_runs_correlation_id_idx ON agent_runs (correlation_id, created_at);
CREATE INDEX agent_runs_agent_created_at_idx ON agent_runs (agent, created_at);

-- Incremental extraction: the newest (sys_updated_on, sys_id) loaded per source table.
CREATE TABLE etl_watermarks (
  source_table text PRIMARY KEY CHECK (source_table ~ '^[a-z][a-z0-9_]*$'),
  watermark    timestamptz NOT NULL,
  last_sys_id  text,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
