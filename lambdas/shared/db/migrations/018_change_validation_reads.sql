-- Change validation's remaining per-call statements as PL/pgSQL functions (after
-- migration 016): the delivery's INSERT (with the read of the earlier job when the
-- delivery is a retry), the reads the agents make in their step's opening statement,
-- and the job read with its findings (GET, and the wait's polls in AWS). PostgreSQL
-- keeps a function's plans per session, so each call only parses and plans the short
-- call itself (named prepared statements would pin sessions on RDS Proxy). The SQL is
-- the same as the statements they replace.

-- Takes a delivery: creates the job for this change version (created = true), or returns
-- the job an earlier delivery created (created = false). A delivery matches an earlier
-- one by (sys_id, sys_updated_on), by (sys_id, sys_mod_count) when given, or by the
-- Idempotency-Key when given; the key wins when several match. One INSERT … ON CONFLICT
-- DO NOTHING decides which of concurrent deliveries created it.
CREATE FUNCTION change_validation_begin(
  p_sys_id text, p_number text, p_updated_on timestamptz, p_mod_count integer, p_key text,
  p_correlation_id text, p_request jsonb)
RETURNS TABLE (
  id uuid, change_sys_id text, change_number text, sys_updated_on timestamptz, sys_mod_count integer,
  idempotency_key text, status text, verdict text, correlation_id text, request jsonb, result jsonb,
  error text, created_at timestamptz, updated_at timestamptz, completed_at timestamptz, created boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    INSERT INTO change_validations AS c
      (change_sys_id, change_number, sys_updated_on, sys_mod_count, idempotency_key, correlation_id, request)
    VALUES (p_sys_id, p_number, p_updated_on, p_mod_count, p_key, p_correlation_id, p_request)
    ON CONFLICT DO NOTHING
    RETURNING c.id, c.change_sys_id, c.change_number, c.sys_updated_on, c.sys_mod_count, c.idempotency_key,
      c.status, c.verdict, c.correlation_id, c.request, c.result, c.error, c.created_at, c.updated_at,
      c.completed_at, true;
  IF NOT FOUND THEN
    RETURN QUERY
      SELECT c.id, c.change_sys_id, c.change_number, c.sys_updated_on, c.sys_mod_count, c.idempotency_key,
        c.status, c.verdict, c.correlation_id, c.request, c.result, c.error, c.created_at, c.updated_at,
        c.completed_at, false
        FROM change_validations c
       WHERE (p_key IS NOT NULL AND c.idempotency_key = p_key)
          OR (c.change_sys_id = p_sys_id
              AND (c.sys_updated_on = p_updated_on OR (p_mod_count IS NOT NULL AND c.sys_mod_count = p_mod_count)))
       ORDER BY (p_key IS NOT NULL AND c.idempotency_key IS NOT DISTINCT FROM p_key) DESC, c.created_at
       LIMIT 1;
  END IF;
END $$;

-- The job with this id and its findings (change_validation_findings' order); no row when
-- there is none.
CREATE FUNCTION change_validation_get(p_id uuid)
RETURNS TABLE (
  id uuid, change_sys_id text, change_number text, sys_updated_on timestamptz, sys_mod_count integer,
  idempotency_key text, status text, verdict text, correlation_id text, request jsonb, result jsonb,
  error text, created_at timestamptz, updated_at timestamptz, completed_at timestamptz, findings jsonb)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    SELECT c.id, c.change_sys_id, c.change_number, c.sys_updated_on, c.sys_mod_count, c.idempotency_key,
      c.status, c.verdict, c.correlation_id, c.request, c.result, c.error, c.created_at, c.updated_at,
      c.completed_at, change_validation_findings(c.id)
      FROM change_validations c WHERE c.id = p_id;
END $$;

-- The class of a CI (the Rule Extractor's read); null when there is no such CI.
CREATE FUNCTION change_validation_ci_class(p_ci text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT ci.class_name FROM configuration_items ci WHERE ci.sys_id = p_ci);
END $$;

-- The Content Validator's check facts: the CI's business criticality and up to 10 other
-- changes on the same CI in one of p_states whose window overlaps [p_start, p_end)
-- (none when the window is open), by start date.
CREATE FUNCTION change_validation_check_facts(
  p_ci text, p_start timestamptz, p_end timestamptz, p_sys_id text, p_states smallint[]) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN jsonb_build_object(
    'criticality', (SELECT ci.business_criticality FROM configuration_items ci WHERE ci.sys_id = p_ci),
    'conflicts', (SELECT jsonb_agg(c ORDER BY c.start_date) FROM (
       SELECT r.number, r.start_date, r.end_date FROM change_requests r
        WHERE p_start IS NOT NULL AND p_end IS NOT NULL
          AND r.cmdb_ci = p_ci AND r.sys_id <> p_sys_id
          AND r.state = ANY(p_states)
          AND r.start_date < p_end AND r.end_date > p_start
        ORDER BY r.start_date LIMIT 10) c));
END $$;

-- The Model Analyst's candidates: the p_k active change models nearest to the embedding
-- by exact cosine distance (then sys_id), as a JSON array of {sys_id, name, distance}.
CREATE FUNCTION change_validation_model_candidates(p_embedding vector, p_k integer) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT coalesce(jsonb_agg(m ORDER BY m.distance, m.sys_id), '[]'::jsonb) FROM (
      SELECT cm.sys_id, cm.name, (cm.embedding <=> p_embedding) + 0 AS distance FROM change_models cm
       WHERE cm.active AND cm.embedding IS NOT NULL
       ORDER BY (cm.embedding <=> p_embedding) + 0, cm.sys_id LIMIT p_k) m);
END $$;
