package io.taobus.inbox;

/** The unique key of a row: a delivery id is unique within its source. */
record DeliveryKey(String source, String deliveryId) {
}
