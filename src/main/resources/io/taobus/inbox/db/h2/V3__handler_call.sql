-- The ledger of handler calls on the embedded H2 file database: the same table as
-- db/postgresql/V3__handler_call.sql, without partial indexes (H2 has none). See that file for the columns.
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

CREATE INDEX inbox_handler_call_delivery ON inbox_handler_call (delivery_row, id);
CREATE INDEX inbox_handler_call_due ON inbox_handler_call (status, due_at, id);
