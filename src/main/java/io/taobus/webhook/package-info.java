/**
 * HTTP ingestion: webhook sources with their signature schemes, trigram mapping, delivery
 * dedupe, the generic AppCon API, and the status contract with RFC 9457 problem details.
 */
@NullMarked
package io.taobus.webhook;

import org.jspecify.annotations.NullMarked;
