package io.taobus.inbox;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The pending rows of an inbox, for the {@code pending} gauges.
 *
 * @param pending how many rows are pending (running or waiting for recovery)
 * @param oldestReceivedAt when the oldest pending row was received, or {@code null} when none is
 */
public record Backlog(long pending, @Nullable Instant oldestReceivedAt) {
}
