-- The ledger of handler calls (io.taobus.inbox.CallRecord): one row per attempt of each handler call of
-- a delivery's cascade, written in the same transaction as the delivery's outcome. call_id is the
-- call's stable id (a hash of the delivery, the hop's path in the cascade and the handler: the same on
-- every rerun); hop is that path ("0" the delivery's own AppCon, "0.1" what its inline handler #1
-- chained, "0.a0" what its async handler #0 returned, "0.d0" what intercept #0 diverted to).
-- status: completed, failed, retrying (failed, its retry due at due_at), dead (failed for good).
-- A call's rows go with its delivery (ON DELETE CASCADE: retention deletes deliveries only).
-- owner_node and lease_until are the lease of a due retry that a node is running.
CREATE TABLE inbox_handler_call (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_row    BIGINT                   NOT NULL REFERENCES inbox_delivery (id) ON DELETE CASCADE,
    call_id         CHAR(32)                 NOT NULL,
    hop             VARCHAR(1000)            NOT NULL,
    trigram         VARCHAR(3100)            NOT NULL,
    handler         VARCHAR(500)             NOT NULL,
    kind            VARCHAR(16)              NOT NULL,
    attempt         INTEGER                  NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    outcome         VARCHAR(16)              NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_micros BIGINT                   NOT NULL,
    error_class     VARCHAR(500),
    message         VARCHAR(1000),
    fingerprint     CHAR(16),
    due_at          TIMESTAMP WITH TIME ZONE,
    owner_node      VARCHAR(100),
    lease_until     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT inbox_handler_call_kind CHECK (kind IN ('intercept', 'inline', 'async')),
    CONSTRAINT inbox_handler_call_status CHECK (status IN ('completed', 'failed', 'retrying', 'dead'))
);

-- a delivery's timeline, and the cascade of its deletes
CREATE INDEX inbox_handler_call_delivery ON inbox_handler_call (delivery_row, id);
-- the retries coming due
CREATE INDEX inbox_handler_call_due ON inbox_handler_call (due_at, id) WHERE status = 'retrying';
