/**
 * What both ingestion endpoints ({@code webhook}, and the AppCon API in {@code api}) share: reading a
 * body within the limit and parsing it, storing before acknowledging ({@link io.taobus.ingestion.Ingestion}),
 * the dispatcher that runs stored deliveries on the bus and reports their end to the inbox, the replies
 * with RFC 9457 problem details and their OpenAPI description; and what the rest of taobus sees of a
 * delivery: {@link io.taobus.ingestion.DeliveryMetadata} (a handler's orient data), the
 * {@link io.taobus.ingestion.DeliveryContext} and {@link io.taobus.ingestion.IngestionListener} hooks
 * that observability implements. Depends on {@code inbox} and {@code tao} only.
 */
@NullMarked
package io.taobus.ingestion;

import org.jspecify.annotations.NullMarked;
