-- One mapping of model calls to their rows. Before, a call reached agent_runs and the
-- inference_spend totals through three statements written apart: the ledger's
-- INSERT-with-CTE per call, change validation's VALUES CTEs inside its step statement,
-- and finish_incident_enrichment's jsonb_to_recordset (migration 019). They now all call
-- record_model_calls with the same jsonb array, built by one TypeScript function
-- (`modelCallsJson` in agent-runs.ts). Being a function, its plans are kept per session
-- whatever the number of calls; calling it sets no session state (no RDS Proxy pinning).

-- Records model calls: p_calls is a jsonb array of agent_runs rows, each with the UTC
-- `day` its spend counts against. One agent_runs row per call, and each (day, alias) and
-- (day, agent) total of the calls added to inference_spend (atomic per row under
-- concurrency: INSERT … ON CONFLICT DO UPDATE). A NULL or empty array records nothing.
-- The array is read once (the CTE is referenced twice, so it is materialised).
CREATE FUNCTION record_model_calls(p_calls jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_calls IS NULL OR jsonb_array_length(p_calls) = 0 THEN
    RETURN;
  END IF;
  WITH c AS (
    SELECT * FROM jsonb_to_recordset(p_calls) AS r(correlation_id text, agent text, input_hash text,
      output jsonb, model text, input_tokens integer, output_tokens integer, latency_ms integer, status text,
      error text, alias text, provider text, operation text, cost_usd numeric, guardrail_action text,
      guardrail_policies text[], day date)
  ), runs AS (
    INSERT INTO agent_runs (correlation_id, agent, input_hash, output, model, input_tokens, output_tokens,
        latency_ms, status, error, alias, provider, operation, cost_usd, guardrail_action, guardrail_policies)
      SELECT c.correlation_id, c.agent, c.input_hash, c.output, c.model, c.input_tokens, c.output_tokens,
          c.latency_ms, c.status, c.error, c.alias, c.provider, c.operation, c.cost_usd, c.guardrail_action,
          c.guardrail_policies
        FROM c
  )
  INSERT INTO inference_spend AS s (day, scope, name, spent_usd, calls, input_tokens, output_tokens)
    SELECT c.day, v.scope, v.name, sum(c.cost_usd), count(*), sum(c.input_tokens), sum(c.output_tokens)
      FROM c CROSS JOIN LATERAL (VALUES ('alias', c.alias), ('agent', c.agent)) AS v(scope, name)
     GROUP BY c.day, v.scope, v.name
    ON CONFLICT (day, scope, name) DO UPDATE SET
      spent_usd = s.spent_usd + EXCLUDED.spent_usd,
      calls = s.calls + EXCLUDED.calls,
      input_tokens = s.input_tokens + EXCLUDED.input_tokens,
      output_tokens = s.output_tokens + EXCLUDED.output_tokens,
      updated_at = now();
END $$;

-- Migration 019's function with its calls recorded by record_model_calls: the same
-- arguments, rows and returned row (the calls are recorded whether or not the job was
-- still open).
CREATE OR REPLACE FUNCTION finish_incident_enrichment(
  p_id uuid, p_status text, p_result jsonb, p_usage jsonb, p_error text, p_plan jsonb, p_calls jsonb)
RETURNS TABLE (id uuid, incident_sys_id text, incident_number text, sys_updated_on timestamptz,
  sys_mod_count integer, idempotency_key text, status text, correlation_id text, error text,
  created_at timestamptz, updated_at timestamptz, completed_at timestamptz, request jsonb)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM record_model_calls(p_calls);
  RETURN QUERY UPDATE incident_enrichments AS e
      SET status = p_status, result = p_result, usage = p_usage, error = p_error, plan = p_plan,
          updated_at = now(), completed_at = now()
    WHERE e.id = p_id AND e.status IN ('accepted', 'running')
    RETURNING e.id, e.incident_sys_id, e.incident_number, e.sys_updated_on, e.sys_mod_count, e.idempotency_key,
      e.status, e.correlation_id, e.error, e.created_at, e.updated_at, e.completed_at, e.request;
END $$;
