-- Change validation's job statements as PL/pgSQL functions. A validation runs ~9 of them
-- and most of their cost was PostgreSQL parsing and planning each one afresh (the driver
-- sends unnamed statements, and named prepared statements would pin sessions on RDS
-- Proxy). A function's statements are planned once per database session and the plans
-- reused, so each call only parses the short call itself. The SQL is the same as the
-- statements it replaces.

-- A finding is keyed by (validation_id, rule_id): nothing ever read its surrogate id, and
-- its index cost a write per finding (~20 per validation).
ALTER TABLE validation_findings
  DROP CONSTRAINT validation_findings_pkey,
  DROP CONSTRAINT validation_findings_validation_id_rule_id_key,
  DROP COLUMN id,
  ADD CONSTRAINT validation_findings_pkey PRIMARY KEY (validation_id, rule_id);

-- Stores a job's findings (a JSON array of {rule_id, severity, passed, field, message,
-- evidence}); a retry replaces the finding of the same rule.
CREATE FUNCTION change_validation_save_findings(p_id uuid, p_findings jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO validation_findings AS v (validation_id, rule_id, severity, passed, field, message, evidence)
  SELECT p_id, f.rule_id, f.severity, f.passed, f.field, f.message, coalesce(f.evidence, '{}'::jsonb)
    FROM jsonb_to_recordset(p_findings)
      AS f(rule_id text, severity text, passed boolean, field text, message text, evidence jsonb)
  ON CONFLICT (validation_id, rule_id) DO UPDATE
     SET severity = EXCLUDED.severity, passed = EXCLUDED.passed, field = EXCLUDED.field,
         message = EXCLUDED.message, evidence = EXCLUDED.evidence;
END $$;

-- A job's findings as one JSON array: failed blockers first, then failed warnings, then
-- passed, each by rule id.
CREATE FUNCTION change_validation_findings(p_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT coalesce(jsonb_agg(to_jsonb(f) ORDER BY f.passed, f.severity, f.rule_id), '[]'::jsonb)
            FROM (SELECT v.rule_id, v.severity, v.passed, v.field, v.message, v.evidence FROM validation_findings v
                   WHERE v.validation_id = p_id) f);
END $$;

-- Merges one step's entry into result.steps, counting an attempt each time it starts running.
CREATE FUNCTION change_validation_merge_step(p_result jsonb, p_step text, p_progress jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(p_result, '{}'::jsonb) || jsonb_build_object('steps',
    coalesce(p_result->'steps', '{}'::jsonb) || jsonb_build_object(p_step,
      p_progress || jsonb_build_object('attempts',
        coalesce((p_result->'steps'->p_step->>'attempts')::int, 0)
          + (CASE WHEN p_progress->>'status' = 'running' THEN 1 ELSE 0 END))))
$$;

-- Starts a step: records it running on the open job (moving an accepted job to running)
-- and returns the job, the catalogues' versions and, when asked, the delivery, the result
-- so far and the stored findings (open = true). A job that has ended is returned whole
-- and untouched (open = false); no row when there is none.
CREATE FUNCTION change_validation_open_step(
  p_id uuid, p_step text, p_progress jsonb, p_request boolean, p_result boolean, p_findings boolean)
RETURNS TABLE (
  id uuid, change_sys_id text, change_number text, sys_updated_on timestamptz, sys_mod_count integer,
  idempotency_key text, status text, verdict text, correlation_id text, request jsonb, result jsonb,
  error text, created_at timestamptz, updated_at timestamptz, completed_at timestamptz,
  rules_version text, models_version text, findings jsonb, open boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    UPDATE change_validations c
       SET status = 'running', updated_at = now(), result = change_validation_merge_step(c.result, p_step, p_progress)
     WHERE c.id = p_id AND c.status IN ('accepted', 'running')
    RETURNING c.id, c.change_sys_id, c.change_number, c.sys_updated_on, c.sys_mod_count, c.idempotency_key,
      c.status, c.verdict, c.correlation_id,
      CASE WHEN p_request THEN c.request END, CASE WHEN p_result THEN c.result END,
      c.error, c.created_at, c.updated_at, c.completed_at,
      (SELECT v.version::text FROM catalogue_versions v WHERE v.catalogue = 'validation_rules'),
      (SELECT v.version::text FROM catalogue_versions v WHERE v.catalogue = 'change_models'),
      CASE WHEN p_findings THEN change_validation_findings(p_id) END,
      true;
  IF NOT FOUND THEN
    RETURN QUERY
      SELECT c.id, c.change_sys_id, c.change_number, c.sys_updated_on, c.sys_mod_count, c.idempotency_key,
        c.status, c.verdict, c.correlation_id, c.request, c.result,
        c.error, c.created_at, c.updated_at, c.completed_at,
        (SELECT v.version::text FROM catalogue_versions v WHERE v.catalogue = 'validation_rules'),
        (SELECT v.version::text FROM catalogue_versions v WHERE v.catalogue = 'change_models'),
        change_validation_findings(p_id),
        false
        FROM change_validations c WHERE c.id = p_id;
  END IF;
END $$;

-- Records a step's progress on the job while it is open, storing its findings (when
-- given) in the same call whether or not the job is still open.
CREATE FUNCTION change_validation_record_step(p_id uuid, p_step text, p_progress jsonb, p_findings jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_findings IS NOT NULL AND jsonb_array_length(p_findings) > 0 THEN
    PERFORM change_validation_save_findings(p_id, p_findings);
  END IF;
  UPDATE change_validations c
     SET status = 'running', updated_at = now(), result = change_validation_merge_step(c.result, p_step, p_progress)
   WHERE c.id = p_id AND c.status IN ('accepted', 'running');
END $$;

-- Ends an open job and returns it; no row when it had already ended (or does not exist).
CREATE FUNCTION change_validation_finish(p_id uuid, p_status text, p_verdict text, p_result jsonb, p_error text)
RETURNS SETOF change_validations
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY
    UPDATE change_validations c
       SET status = p_status, verdict = p_verdict, result = p_result, error = p_error,
           updated_at = now(), completed_at = now()
     WHERE c.id = p_id AND c.status IN ('accepted', 'running')
    RETURNING c.*;
END $$;
