-- Model calls in the audit trail: which alias, provider and operation served the call,
-- what it cost by the price table, and what the guardrail did. One row per provider
-- call, retries and fallbacks included.
ALTER TABLE agent_runs
  ADD COLUMN alias              text,
  ADD COLUMN provider           text CHECK (provider IN ('bedrock', 'openai-compatible', 'offline')),
  ADD COLUMN operation          text,
  ADD COLUMN cost_usd           numeric(18, 9) NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
  ADD COLUMN guardrail_action   text CHECK (guardrail_action IN ('INTERVENED')),
  ADD COLUMN guardrail_policies text[];
CREATE INDEX agent_runs_alias_created_at_idx ON agent_runs (alias, created_at) WHERE alias IS NOT NULL;
