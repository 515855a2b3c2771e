package io.taobus.api;

import io.taobus.tao.Kernel;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the live stream of {@code GET /tao/stream}: a {@code KernelListener} the kernel tells of every
 * AppCon, each subscriber's buffer {@code taobus.observability.stream-buffer} events long; and the streams
 * per channel ({@link ChannelStreams}), whose subscribers' buffers are as long.
 */
@Configuration(proxyBeanMethods = false)
class LiveStreamConfiguration {

	@Bean
	LiveStream liveStream(@Value("${taobus.observability.stream-buffer:256}") int bufferSize) {
		return new LiveStream(bufferSize);
	}

	@Bean
	ChannelStreams channelStreams(Kernel kernel, LiveStream liveStream) {
		return new ChannelStreams(kernel, liveStream);
	}

}
