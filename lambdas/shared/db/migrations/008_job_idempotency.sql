-- Idempotency of the gateway's job POSTs beyond (sys_id, sys_updated_on): ServiceNow's
-- own version counter (sys_mod_count) and a caller-chosen Idempotency-Key header both
-- identify a delivery. A retried delivery that matches any of the three unique keys
-- finds the job the first one created (INSERT … ON CONFLICT DO NOTHING covers them all).

ALTER TABLE change_validations
  ADD COLUMN sys_mod_count integer CHECK (sys_mod_count >= 0),
  ADD COLUMN idempotency_key text CHECK (idempotency_key ~ '^[!-~]{1,255}$');
CREATE UNIQUE INDEX change_validations_mod_count_key
  ON change_validations (change_sys_id, sys_mod_count) WHERE sys_mod_count IS NOT NULL;
CREATE UNIQUE INDEX change_validations_idempotency_key
  ON change_validations (idempotency_key) WHERE idempotency_key IS NOT NULL;

ALTER TABLE incident_enrichments
  ADD COLUMN sys_mod_count integer CHECK (sys_mod_count >= 0),
  ADD COLUMN idempotency_key text CHECK (idempotency_key ~ '^[!-~]{1,255}$');
CREATE UNIQUE INDEX incident_enrichments_mod_count_key
  ON incident_enrichments (incident_sys_id, sys_mod_count) WHERE sys_mod_count IS NOT NULL;
CREATE UNIQUE INDEX incident_enrichments_idempotency_key
  ON incident_enrichments (idempotency_key) WHERE idempotency_key IS NOT NULL;
