-- Reruns that skip what completed, and failed deliveries retried on their own, on the embedded H2 file
-- database: the same changes as db/postgresql/V4__rerun_skips_and_retries.sql, without a partial index
-- (H2 has none). See that file for the columns.
ALTER TABLE inbox_handler_call ADD COLUMN result CHARACTER LARGE OBJECT;
ALTER TABLE inbox_handler_call DROP CONSTRAINT inbox_handler_call_status;
ALTER TABLE inbox_handler_call ADD CONSTRAINT inbox_handler_call_status
    CHECK (status IN ('completed', 'failed', 'retrying', 'dead', 'skipped'));

ALTER TABLE inbox_delivery ADD COLUMN rerun_from BIGINT NOT NULL DEFAULT 0;
ALTER TABLE inbox_delivery ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inbox_delivery ADD COLUMN retry_at TIMESTAMP WITH TIME ZONE;

CREATE INDEX inbox_delivery_retry ON inbox_delivery (retry_at, id);
