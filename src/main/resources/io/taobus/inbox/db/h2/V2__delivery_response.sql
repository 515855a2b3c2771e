-- The response of a request/response delivery (POST /tao/context, a webhook source replying
-- synchronously), as its JSON, recorded with the outcome of the run that produced it: a repeated
-- request and the delivery's lookup answer from it. Null for every other delivery; kept with the row
-- (for the dedupe window) when retention empties the body.
ALTER TABLE inbox_delivery ADD COLUMN response VARBINARY(1000000000);
