-- The durable inbox (io.taobus.inbox): one row per (source, delivery id), the truth about what was
-- acknowledged. status: pending (running or waiting for recovery), completed, failed, dead.
-- attempts is raised at every claim and is the fencing token of completions; attempts - attempt_base
-- is the budget spent towards max-attempts (a resend or a replay renews it).
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
    headers       TEXT                     NOT NULL,
    body          BYTEA,
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at  TIMESTAMP WITH TIME ZONE,
    handler_calls INTEGER                  NOT NULL DEFAULT 0,
    async_errors  INTEGER                  NOT NULL DEFAULT 0,
    last_error    VARCHAR(1000),
    CONSTRAINT inbox_delivery_key UNIQUE (source, delivery_id),
    CONSTRAINT inbox_delivery_status CHECK (status IN ('pending', 'completed', 'failed', 'dead'))
);

-- recovery: expired leases; renewal: a node's rows; gauges: the pending backlog
CREATE INDEX inbox_delivery_lease ON inbox_delivery (lease_until, id) WHERE status = 'pending';
CREATE INDEX inbox_delivery_owner ON inbox_delivery (owner_node) WHERE status = 'pending';
-- retention and the operator API's time filters
CREATE INDEX inbox_delivery_settled ON inbox_delivery (completed_at) WHERE status <> 'pending';
CREATE INDEX inbox_delivery_received ON inbox_delivery (received_at);
