-- The incident agents' read statements as PL/pgSQL functions, so PostgreSQL keeps their
-- plans per session instead of planning them on every call. Planning cost as much as
-- executing them (the Context Retriever's four subqueries, the Change Associator's CTE,
-- the Incident Associator's window): an unnamed statement from the pg driver is planned
-- afresh each time, and named prepared statements would pin an RDS Proxy session.
-- PL/pgSQL caches each query's plan in the backend (custom plans for the first calls,
-- then a generic plan when it costs no more) on every PostgreSQL version we run (16 on
-- RDS, 18 in PGlite), and calling a function sets no session state, so nothing pins.
-- The bodies are the statements the agents ran before, with the same results.

-- Context Retriever: the CI as JSON, its relationships (with the other CI's name and
-- class), its recent incidents and changes, each list aggregated as JSON.
CREATE FUNCTION incident_context(p_ci text, p_since timestamptz, p_as_of timestamptz, p_limit integer)
RETURNS TABLE (ci jsonb, related jsonb, incidents jsonb, changes jsonb)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY SELECT
    (SELECT to_jsonb(c) FROM (
       SELECT i.sys_id, i.name, i.class_name, i.description, i.environment, i.operational_status,
              i.business_criticality, i.support_group, i.location, i.sys_updated_on
         FROM configuration_items i WHERE i.sys_id = p_ci) c),
    (SELECT coalesce(jsonb_agg(x ORDER BY x.type, x.sys_id), '[]'::jsonb) FROM (
       SELECT r.sys_id, r.parent, r.child, r.type, c.name, c.class_name FROM ci_relationships r
         LEFT JOIN configuration_items c ON c.sys_id = CASE WHEN r.parent = p_ci THEN r.child ELSE r.parent END
        WHERE r.parent = p_ci OR r.child = p_ci) x),
    (SELECT coalesce(jsonb_agg(x ORDER BY x.opened_at DESC, x.sys_id), '[]'::jsonb) FROM (
       SELECT n.sys_id, n.number, n.short_description, n.state, n.opened_at FROM incidents n
        WHERE n.cmdb_ci = p_ci AND n.opened_at BETWEEN p_since AND p_as_of
        ORDER BY n.opened_at DESC, n.sys_id LIMIT p_limit) x),
    (SELECT coalesce(jsonb_agg(x ORDER BY x.start_date DESC, x.sys_id), '[]'::jsonb) FROM (
       SELECT g.sys_id, g.number, g.short_description, g.state, g.start_date FROM change_requests g
        WHERE g.cmdb_ci = p_ci AND g.start_date BETWEEN p_since AND p_as_of
        ORDER BY g.start_date DESC, g.sys_id LIMIT p_limit) x);
END $$;

-- Change Associator: changes on the CI or on its one-hop neighbours (either direction)
-- whose start or end falls in [p_from, p_to] or that span p_to, each with the type of
-- the relationship that links it (null: the CI itself). Columns: change_requests' own
-- (CHANGE_REQUESTS_TABLE), then relationship_type.
CREATE FUNCTION incident_change_candidates(p_ci text, p_from timestamptz, p_to timestamptz)
RETURNS TABLE (
  sys_id text, number text, short_description text, description text, type text, state smallint,
  chg_model text, cmdb_ci text, environment text, risk text, impact smallint, category text,
  assignment_group text, requested_by text, justification text, implementation_plan text,
  backout_plan text, test_plan text, risk_impact_analysis text, start_date timestamptz,
  end_date timestamptz, language text, sys_updated_on timestamptz, relationship_type text
)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
    WITH related AS (
      SELECT DISTINCT ON (r.other) r.other, r.type FROM (
        SELECT CASE WHEN x.parent = p_ci THEN x.child ELSE x.parent END AS other, x.type
          FROM ci_relationships x WHERE x.parent = p_ci OR x.child = p_ci
      ) r WHERE r.other <> p_ci ORDER BY r.other, r.type
    )
    SELECT c.sys_id, c.number, c.short_description, c.description, c.type, c.state, c.chg_model, c.cmdb_ci,
           c.environment, c.risk, c.impact, c.category, c.assignment_group, c.requested_by, c.justification,
           c.implementation_plan, c.backout_plan, c.test_plan, c.risk_impact_analysis, c.start_date,
           c.end_date, c.language, c.sys_updated_on, related.type
      FROM change_requests c LEFT JOIN related ON related.other = c.cmdb_ci
     WHERE (c.cmdb_ci = p_ci OR related.other IS NOT NULL)
       AND (c.start_date BETWEEN p_from AND p_to OR c.end_date BETWEEN p_from AND p_to
            OR (c.start_date <= p_to AND c.end_date >= p_to))
     ORDER BY c.sys_id;
END $$;

-- Incident Associator: open incidents (p_states) opened in [p_from, p_to], other than
-- p_incident, that share its CI or business service or whose text is at least
-- p_min_similarity alike (cosine; 0 when either side has no embedding), most similar
-- first. Columns: incidents' own (INCIDENTS_TABLE), then similarity.
CREATE FUNCTION open_incident_candidates(
  p_states text[], p_incident text, p_from timestamptz, p_to timestamptz, p_ci text,
  p_embedding vector, p_service text, p_min_similarity double precision, p_limit integer
)
RETURNS TABLE (
  sys_id text, number text, short_description text, description text, category text, subcategory text,
  priority smallint, impact smallint, urgency smallint, state text, assignment_group text,
  assigned_to text, cmdb_ci text, business_service text, opened_at timestamptz, resolved_at timestamptz,
  close_code text, close_notes text, language text, sys_updated_on timestamptz, similarity double precision
)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
    SELECT c.* FROM (
      SELECT i.sys_id, i.number, i.short_description, i.description, i.category, i.subcategory, i.priority,
             i.impact, i.urgency, i.state, i.assignment_group, i.assigned_to, i.cmdb_ci, i.business_service,
             i.opened_at, i.resolved_at, i.close_code, i.close_notes, i.language, i.sys_updated_on,
             CASE WHEN p_embedding IS NULL OR i.embedding IS NULL THEN 0
                  ELSE 1 - (i.embedding <=> p_embedding) END AS similarity
        FROM incidents i
       WHERE i.state = ANY(p_states) AND i.sys_id <> p_incident
         AND i.opened_at BETWEEN p_from AND p_to
    ) c
    WHERE (p_ci IS NOT NULL AND c.cmdb_ci = p_ci) OR (p_service IS NOT NULL AND c.business_service = p_service)
       OR c.similarity >= p_min_similarity
    ORDER BY c.similarity DESC, c.sys_id
    LIMIT p_limit;
END $$;

-- Incident Similarity: the resolved or closed incidents nearest to p_embedding (cosine,
-- pgvector's HNSW index where the planner takes it), other than p_incident, with their
-- resolution fields, nearest first; score = 1 − distance, the distance computed once per row.
CREATE FUNCTION similar_resolved_incidents(p_embedding vector, p_incident text, p_limit integer)
RETURNS TABLE (
  sys_id text, number text, short_description text, close_code text, close_notes text,
  assignment_group text, score double precision
)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
    SELECT s.sys_id, s.number, s.short_description, s.close_code, s.close_notes, s.assignment_group, 1 - s.distance
      FROM (
        SELECT i.sys_id, i.number, i.short_description, i.close_code, i.close_notes, i.assignment_group,
               i.embedding <=> p_embedding AS distance
          FROM incidents i
         WHERE i.embedding IS NOT NULL AND i.state IN ('resolved', 'closed') AND i.sys_id <> p_incident
         ORDER BY distance
         LIMIT p_limit
      ) s;
END $$;
