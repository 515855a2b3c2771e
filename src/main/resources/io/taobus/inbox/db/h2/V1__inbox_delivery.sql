-- The durable inbox (io.taobus.inbox) on the embedded H2 file database: the same table as
-- db/migration/postgresql, without partial indexes (H2 has none). See that file for the columns.
CREATE TABLE inbox_delivery (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source        VARCHAR(200)             NOT NULL,
    delivery_id   VARCHAR(1024)            NOT NULL,
    status        VARCHAR(16)              NOT NULL,
    attempts      INTEGER                  NOT NULL,
    attempt_base  INTEGER                  NOT NULL DEFAULT 0,
    replay        BOOLEAN                  NOT NULL DEFAULT FALSE,
    owner_node    VARCHAR(100),
    lease_until   TIMESTAMP WITH TIME ZONE,
    term          VARCHAR(1024)            NOT NULL,
    action        VARCHAR(1024)            NOT NULL,
    orient        VARCHAR(1024)            NOT NULL,
    content_type  VARCHAR(255),
    headers       VARCHAR(1000000)         NOT NULL,
    body          VARBINARY(1000000000),
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at  TIMESTAMP WITH TIME ZONE,
    handler_calls INTEGER                  NOT NULL DEFAULT 0,
    async_errors  INTEGER                  NOT NULL DEFAULT 0,
    last_error    VARCHAR(1000),
    CONSTRAINT inbox_delivery_key UNIQUE (source, delivery_id),
    CONSTRAINT inbox_delivery_status CHECK (status IN ('pending', 'completed', 'failed', 'dead'))
);

CREATE INDEX inbox_delivery_lease ON inbox_delivery (status, lease_until, id);
CREATE INDEX inbox_delivery_owner ON inbox_delivery (owner_node, status);
CREATE INDEX inbox_delivery_settled ON inbox_delivery (completed_at);
CREATE INDEX inbox_delivery_received ON inbox_delivery (received_at);
