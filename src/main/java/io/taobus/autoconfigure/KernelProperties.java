package io.taobus.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the TAO kernel ({@code taobus.kernel.*}); see {@link io.taobus.tao.KernelBuilder} for
 * what each limit does.
 *
 * @param allowWildcardSet whether wildcard AppCons may be set
 * @param maxPendingDispatches AppCons in flight before new ones are refused (HTTP 429)
 * @param maxAsyncConcurrency async handler calls running at once; 0 means no limit
 * @param maxCascadeDepth hops a chain may take before it is stopped
 * @param closeTimeout how long shutdown waits for in-flight work
 * @param handlerTimeout how long a handler call may run before it is interrupted and ends as timed
 * out, unless its annotation says otherwise; 0 for none
 * @param maxInflightBytes request bodies whose cascades are still running, in bytes, above which new
 * deliveries are refused (HTTP 429); unset means a quarter of the maximum heap, 0 means no limit
 */
@ConfigurationProperties("taobus.kernel")
public record KernelProperties(@DefaultValue("false") boolean allowWildcardSet,
		@DefaultValue("10000") int maxPendingDispatches, @DefaultValue("0") int maxAsyncConcurrency,
		@DefaultValue("64") int maxCascadeDepth, @DefaultValue("30s") Duration closeTimeout,
		@DefaultValue("5m") Duration handlerTimeout, @Nullable DataSize maxInflightBytes) {

	public KernelProperties {
		if (maxPendingDispatches < 1 || maxAsyncConcurrency < 0 || maxCascadeDepth < 1 || closeTimeout.isNegative()
				|| handlerTimeout.isNegative()
				|| (maxInflightBytes != null && maxInflightBytes.isNegative())) {
			throw new IllegalArgumentException("taobus.kernel: max-pending-dispatches and max-cascade-depth must be"
					+ " at least 1, max-async-concurrency at least 0, close-timeout, handler-timeout and max-inflight-bytes not negative");
		}
	}

	/** The bytes in flight limit: as set, or a quarter of the maximum heap when unset. */
	public long inflightBytesLimit() {
		return (this.maxInflightBytes != null) ? this.maxInflightBytes.toBytes() : Runtime.getRuntime().maxMemory() / 4;
	}

}
