-- Reruns that skip what completed, and failed deliveries retried on their own (issue 17 items 3-4).
--
-- inbox_handler_call.result: what a completed call returned, as JSON written by the service
-- (io.taobus.ingestion.JsonCallResults): the AppCon an inline or async handler chained (its trigram and
-- typed data), or an intercept's decision; {"unencodable": ...} when the AppCon's data could not be
-- written. A rerun of the delivery skips a completed call whose result it can read, and takes the same
-- path with it; one without (rows written before this version, or unencodable) runs again. Emptied with
-- the delivery's body by retention: it may hold payload.
-- status 'skipped': a call of a rerun not run again, because an earlier run completed it.
ALTER TABLE inbox_handler_call ADD COLUMN result TEXT;
ALTER TABLE inbox_handler_call DROP CONSTRAINT inbox_handler_call_status;
ALTER TABLE inbox_handler_call ADD CONSTRAINT inbox_handler_call_status
    CHECK (status IN ('completed', 'failed', 'retrying', 'dead', 'skipped'));

-- rerun_from: the first ledger row (inbox_handler_call.id) whose completed calls a rerun skips; a replay
-- of the whole cascade (scope=all) moves it past every row recorded so far.
-- retries: the automatic retries of a failed cascade run since the delivery last started afresh
-- (received, resent or replayed); retry_at: when the next is due (on the inbox's clock), null when none
-- waits. A failed row with a retry_at is claimed by recovery once it is due; past its budget it is dead.
ALTER TABLE inbox_delivery ADD COLUMN rerun_from BIGINT NOT NULL DEFAULT 0;
ALTER TABLE inbox_delivery ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inbox_delivery ADD COLUMN retry_at TIMESTAMP WITH TIME ZONE;

-- the retries coming due
CREATE INDEX inbox_delivery_retry ON inbox_delivery (retry_at, id) WHERE status = 'failed' AND retry_at IS NOT NULL;
