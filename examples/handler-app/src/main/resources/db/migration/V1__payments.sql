CREATE TABLE payments (
    invoice_id VARCHAR(64) PRIMARY KEY,
    customer   VARCHAR(64) NOT NULL,
    amount     BIGINT      NOT NULL,
    currency   VARCHAR(3)  NOT NULL
);
