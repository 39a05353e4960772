-- The transactional ServiceNow records the agents reason about.

CREATE TABLE incidents (
  sys_id             text PRIMARY KEY CHECK (sys_id ~ '^[0-9a-f]{32}$'),
  number             text NOT NULL CHECK (number ~ '^INC[0-9]{7,}$'),
  short_description  text NOT NULL CHECK (short_description <> ''),
  description        text NOT NULL DEFAULT '',
  category           text,
  subcategory        text,
  priority           smallint NOT NULL CHECK (priority BETWEEN 1 AND 5),
  impact             smallint NOT NULL CHECK (impact BETWEEN 1 AND 3),
  urgency            smallint NOT NULL CHECK (urgency BETWEEN 1 AND 3),
  state              text NOT NULL CHECK (state IN ('new', 'in_progress', 'on_hold', 'resolved', 'closed', 'canceled')),
  assignment_group   text,
  assigned_to        text,
  cmdb_ci            text CHECK (cmdb_ci ~ '^[0-9a-f]{32}$'),
  business_service   text,
  opened_at          timestamptz NOT NULL,
  resolved_at        timestamptz,
  close_code         text,
  close_notes        text,
  language           text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es')),
  sys_updated_on     timestamptz NOT NULL,
  embedding          vector({{EMBEDDING_DIMENSION}}),
  embedded_text_hash text,
  loaded_at          timestamptz NOT NULL DEFAULT now()
);
-- Not unique: ServiceNow can reuse a number after a delete, and the ETL must not stop on it.
CREATE INDEX incidents_number_idx ON incidents (number);
-- Serves "incidents on this CI, most recent first" and a plain cmdb_ci filter.
CREATE INDEX incidents_cmdb_ci_opened_at_idx ON incidents (cmdb_ci, opened_at DESC);
CREATE INDEX incidents_state_idx ON incidents (state);
CREATE INDEX incidents_opened_at_idx ON incidents (opened_at);
CREATE INDEX incidents_sys_updated_on_idx ON incidents (sys_updated_on);

-- state holds ServiceNow's integer: -5 new, -4 assess, -3 authorize, -2 scheduled,
-- -1 implement, 0 review, 3 closed, 4 canceled.
CREATE TABLE change_requests (
  sys_id               text PRIMARY KEY CHECK (sys_id ~ '^[0-9a-f]{32}$'),
  number               text NOT NULL CHECK (number ~ '^CHG[0-9]{7,}$'),
  short_description    text NOT NULL CHECK (short_description <> ''),
  description          text NOT NULL DEFAULT '',
  type                 text NOT NULL CHECK (type IN ('normal', 'standard', 'emergency')),
  state                smallint NOT NULL CHECK (state IN (-5, -4, -3, -2, -1, 0, 3, 4)),
  chg_model            text CHECK (chg_model ~ '^[0-9a-f]{32}$'),
  cmdb_ci              text CHECK (cmdb_ci ~ '^[0-9a-f]{32}$'),
  environment          text CHECK (environment IN ('production', 'staging', 'test', 'development', 'disaster_recovery')),
  risk                 text CHECK (risk IN ('very_high', 'high', 'moderate', 'low')),
  impact               smallint CHECK (impact BETWEEN 1 AND 3),
  category             text,
  assignment_group     text,
  requested_by         text,
  justification        text NOT NULL DEFAULT '',
  implementation_plan  text NOT NULL DEFAULT '',
  backout_plan         text NOT NULL DEFAULT '',
  test_plan            text NOT NULL DEFAULT '',
  risk_impact_analysis text NOT NULL DEFAULT '',
  start_date           timestamptz,
  end_date             timestamptz,
  language             text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es')),
  sys_updated_on       timestamptz NOT NULL,
  embedding            vector({{EMBEDDING_DIMENSION}}),
  embedded_text_hash   text,
  loaded_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_requests_number_idx ON change_requests (number);
-- Serves "changes on this CI around a date" and a plain cmdb_ci filter.
CREATE INDEX change_requests_cmdb_ci_start_date_idx ON change_requests (cmdb_ci, start_date DESC);
CREATE INDEX change_requests_state_idx ON change_requests (state);
CREATE INDEX change_requests_start_date_idx ON change_requests (start_date);
CREATE INDEX change_requests_chg_model_idx ON change_requests (chg_model);
CREATE INDEX change_requests_sys_updated_on_idx ON change_requests (sys_updated_on);
