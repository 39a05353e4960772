-- A change validation that ends in needs_review (a blocker the checks could not decide,
-- or an agent that kept failing) is parked for a person, and its verdict is stored too:
-- 'review', beside pass / warn / fail, so the verdict column is filled for every verdict.
ALTER TABLE change_validations DROP CONSTRAINT change_validations_verdict_check;
ALTER TABLE change_validations
  ADD CONSTRAINT change_validations_verdict_check CHECK (verdict IN ('pass', 'warn', 'fail', 'review'));

-- The table-level CHECK (verdict IS NULL OR status = 'completed') of migration 004 is unnamed; it is
-- replaced under the name PostgreSQL gave it.
DO $$
DECLARE
  name text;
BEGIN
  FOR name IN
    SELECT conname FROM pg_constraint
     WHERE conrelid = 'change_validations'::regclass AND contype = 'c'
       AND pg_get_constraintdef(oid) LIKE '%verdict IS NULL%'
  LOOP
    EXECUTE format('ALTER TABLE change_validations DROP CONSTRAINT %I', name);
  END LOOP;
END $$;
ALTER TABLE change_validations ADD CONSTRAINT change_validations_check
  CHECK (verdict IS NULL OR (status = 'completed' AND verdict <> 'review') OR (status = 'parked' AND verdict = 'review'));

-- Jobs parked before this migration kept their verdict in result only.
UPDATE change_validations SET verdict = 'review'
 WHERE status = 'parked' AND verdict IS NULL AND result->>'verdict' = 'needs_review';
