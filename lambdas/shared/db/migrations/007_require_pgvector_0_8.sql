-- findSimilar turns on hnsw.iterative_scan (pgvector 0.8.0+) so a selective filter
-- still yields k rows; older pgvector rejects that setting. Fail here, at deploy time,
-- rather than on the first filtered search.
DO $$
DECLARE
  installed text := (SELECT extversion FROM pg_extension WHERE extname = 'vector');
BEGIN
  IF string_to_array(installed, '.')::int[] < ARRAY[0, 8, 0] THEN
    RAISE EXCEPTION 'pgvector % is installed; Switchyard needs 0.8.0 or later (ALTER EXTENSION vector UPDATE, or a newer engine minor version).', installed;
  END IF;
END
$$;
