-- Reference data copied from ServiceNow by the ETL: the CMDB, the change model
-- catalogue, and our own validation rules. Columns mirror the fields of
-- lambdas/shared/records.ts in snake_case.
--
-- ServiceNow references (a relationship's parent/child, a change's cmdb_ci) carry
-- no foreign keys: the ETL loads tables incrementally and in any order, and the
-- source does not guarantee the referenced row is ever exported.

CREATE TABLE configuration_items (
  sys_id               text PRIMARY KEY CHECK (sys_id ~ '^[0-9a-f]{32}$'),
  name                 text NOT NULL CHECK (name <> ''),
  class_name           text NOT NULL CHECK (class_name ~ '^cmdb_ci[a-z0-9_]*$'),
  description          text NOT NULL DEFAULT '',
  environment          text CHECK (environment IN ('production', 'staging', 'test', 'development', 'disaster_recovery')),
  operational_status   text NOT NULL DEFAULT 'operational'
                       CHECK (operational_status IN ('operational', 'non_operational', 'repair_in_progress', 'retired')),
  business_criticality text CHECK (business_criticality IN ('1_most_critical', '2_somewhat_critical', '3_less_critical', '4_not_critical')),
  support_group        text,
  location             text,
  sys_updated_on       timestamptz NOT NULL,
  embedding            vector({{EMBEDDING_DIMENSION}}),
  embedded_text_hash   text,
  loaded_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX configuration_items_class_name_idx ON configuration_items (class_name);
CREATE INDEX configuration_items_sys_updated_on_idx ON configuration_items (sys_updated_on);

CREATE TABLE ci_relationships (
  sys_id         text PRIMARY KEY CHECK (sys_id ~ '^[0-9a-f]{32}$'),
  parent         text NOT NULL CHECK (parent ~ '^[0-9a-f]{32}$'),
  child          text NOT NULL CHECK (child ~ '^[0-9a-f]{32}$'),
  type           text NOT NULL CHECK (type <> ''),
  sys_updated_on timestamptz NOT NULL,
  loaded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ci_relationships_parent_idx ON ci_relationships (parent);
CREATE INDEX ci_relationships_child_idx ON ci_relationships (child);
CREATE INDEX ci_relationships_sys_updated_on_idx ON ci_relationships (sys_updated_on);

CREATE TABLE change_models (
  sys_id             text PRIMARY KEY CHECK (sys_id ~ '^[0-9a-f]{32}$'),
  name               text NOT NULL CHECK (name <> ''),
  description        text NOT NULL DEFAULT '',
  change_type        text NOT NULL CHECK (change_type IN ('normal', 'standard', 'emergency')),
  technology_family  text NOT NULL CHECK (technology_family <> ''),
  objective          text NOT NULL CHECK (objective <> ''),
  environments       text[] NOT NULL DEFAULT '{}'
                     CHECK (environments <@ ARRAY['production', 'staging', 'test', 'development', 'disaster_recovery']),
  active             boolean NOT NULL DEFAULT true,
  sys_updated_on     timestamptz NOT NULL,
  embedding          vector({{EMBEDDING_DIMENSION}}),
  embedded_text_hash text,
  loaded_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_models_sys_updated_on_idx ON change_models (sys_updated_on);

-- Our own rules (not a ServiceNow table): keyed by a stable id, versioned by updated_at.
-- The record's `check` is split in two columns because CHECK is a reserved word.
CREATE TABLE validation_rules (
  id                 text PRIMARY KEY CHECK (id ~ '^[A-Z][A-Z0-9-]+$'),
  title              text NOT NULL CHECK (title <> ''),
  description        text NOT NULL CHECK (description <> ''),
  severity           text NOT NULL CHECK (severity IN ('blocker', 'warning')),
  applies_to         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(applies_to) = 'object'),
  check_kind         text NOT NULL CHECK (check_kind <> ''),
  check_params       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(check_params) = 'object'),
  active             boolean NOT NULL DEFAULT true,
  embedding          vector({{EMBEDDING_DIMENSION}}),
  embedded_text_hash text,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
