-- Trained Tag Classifier models (issue 7): the trainer (a scheduled Lambda in AWS, a
-- worker thread after the ETL load locally) stores each model here, and the Tag
-- Classifier's functions load the newest one instead of training on a cold start.
-- A model is reused only under the same fingerprint (format version + the options it was
-- trained with); it is retrained only when the labelled history's watermark (count of
-- resolved/closed incidents with a group, newest opened_at, newest sys_updated_on) moved.
CREATE TABLE tag_classifier_models (
  id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  trained_at                timestamptz NOT NULL DEFAULT now(),
  fingerprint               text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{32}$'),
  format_version            integer NOT NULL CHECK (format_version > 0),
  history_size              integer NOT NULL CHECK (history_size >= 0),
  history_count             integer NOT NULL CHECK (history_count >= 0),
  history_newest_opened_at  timestamptz,
  history_newest_updated_at timestamptz,
  training_ms               integer NOT NULL CHECK (training_ms >= 0),
  trained_by                text NOT NULL CHECK (trained_by IN ('trainer', 'fallback')),
  byte_size                 integer NOT NULL CHECK (byte_size = octet_length(model)),
  model                     bytea NOT NULL
);
-- Serves "the newest model of this fingerprint" (its id alone for the readers' refresh check).
CREATE INDEX tag_classifier_models_fingerprint_id_idx ON tag_classifier_models (fingerprint, id DESC);
