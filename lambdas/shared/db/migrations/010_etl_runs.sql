-- ETL bookkeeping: every run, every raw partition it stored (and whether it has been
-- transformed and loaded), and every record that could not be loaded, so a person can
-- see what a run did and what it skipped.

CREATE TABLE etl_runs (
  run_id        text PRIMARY KEY CHECK (run_id ~ '^[A-Za-z0-9_.:-]+$'),
  mode          text NOT NULL CHECK (mode IN ('incremental', 'full', 'backfill')),
  source_tables text[] NOT NULL,
  status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  summary       jsonb NOT NULL DEFAULT '{}'::jsonb,
  error         text,
  started_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  CHECK (status <> 'failed' OR error IS NOT NULL),
  CHECK ((finished_at IS NOT NULL) = (status <> 'running'))
);
CREATE INDEX etl_runs_started_at_idx ON etl_runs (started_at DESC);

-- A raw partition (one JSON-lines object) is 'stored' once it is safely in the raw
-- bucket, and 'loaded' once its records are in PostgreSQL. A stored partition that a
-- crash left unloaded is picked up by the next run.
CREATE TABLE etl_partitions (
  raw_key       text PRIMARY KEY,
  run_id        text NOT NULL,
  source_table  text NOT NULL CHECK (source_table ~ '^[a-z][a-z0-9_]*$'),
  row_count     integer NOT NULL CHECK (row_count >= 0),
  status        text NOT NULL DEFAULT 'stored' CHECK (status IN ('stored', 'loaded')),
  summary       jsonb,
  stored_at     timestamptz NOT NULL DEFAULT now(),
  loaded_at     timestamptz,
  CHECK ((loaded_at IS NOT NULL) = (status = 'loaded'))
);
CREATE INDEX etl_partitions_pending_idx ON etl_partitions (stored_at) WHERE status = 'stored';

-- A record the transform rejected (malformed) or the load could not store. Keyed by
-- its place in the raw partition, so re-processing a partition records it once.
CREATE TABLE etl_failed_items (
  raw_key       text NOT NULL,
  line          integer NOT NULL CHECK (line >= 1),
  run_id        text NOT NULL,
  source_table  text NOT NULL,
  sys_id        text,
  reason        text NOT NULL CHECK (reason <> ''),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (raw_key, line)
);
CREATE INDEX etl_failed_items_run_idx ON etl_failed_items (run_id);
