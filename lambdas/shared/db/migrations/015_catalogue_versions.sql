-- The version of each reference catalogue the agents cache per process (validation rules,
-- change models): a counter every statement that writes the table moves, in the writer's
-- transaction. Reading it is one index lookup, where count(*) and max(updated_at) read the
-- whole table on every step of every validation; and it also moves on a write that does
-- not touch updated_at / loaded_at (a manual deactivation, a delete of one row and an
-- insert of another), which the aggregate missed.
CREATE TABLE catalogue_versions (
  catalogue text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0
);
INSERT INTO catalogue_versions (catalogue) VALUES ('validation_rules'), ('change_models');

CREATE FUNCTION bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalogue_versions SET version = version + 1 WHERE catalogue = TG_TABLE_NAME;
  RETURN NULL;
END $$;

CREATE TRIGGER validation_rules_catalogue_version
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON validation_rules
  FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER change_models_catalogue_version
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON change_models
  FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
