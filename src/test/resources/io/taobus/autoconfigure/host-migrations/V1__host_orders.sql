-- an application's own first migration, on the database the inbox shares
CREATE TABLE host_orders (id BIGINT PRIMARY KEY, total NUMERIC(12, 2) NOT NULL);
