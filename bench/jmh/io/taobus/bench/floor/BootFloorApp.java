package io.taobus.bench.floor;

import io.micrometer.observation.ObservationPredicate;
import io.taobus.bench.support.Port;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The second baseline of bench/load.sh: the bare app's endpoint inside a Spring Boot application with
 * taobus's classpath and configuration (WebFlux, Actuator, Prometheus, tracing, springdoc, virtual
 * threads) but none of taobus's beans, its endpoint left out of the HTTP server observation as taobus
 * leaves out its ingestion endpoints. Between it and the bare app is what the framework costs on the
 * path a delivery takes; between taobus and it, what taobus's own work costs.
 */
@SpringBootApplication
public class BootFloorApp {

	@Bean
	RouterFunction<ServerResponse> floor() {
		return RouterFunctions.route()
			.POST("/webhooks/{source}", (request) -> DataBufferUtils.join(request.bodyToFlux(DataBuffer.class))
				.map((buffer) -> {
					int size = buffer.readableByteCount();
					DataBufferUtils.release(buffer);
					return size;
				})
				.flatMap((size) -> ServerResponse.accepted().bodyValue("{\"bytes\":" + size + "}")))
			.build();
	}

	@Bean
	ObservationPredicate unobservedWebhooks() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext request)
				|| !request.getCarrier().getPath().value().startsWith("/webhooks/");
	}

	public static void main(String[] args) {
		SpringApplication.run(BootFloorApp.class, "--server.port=" + Port.of(args), "--server.address=127.0.0.1",
				"--logging.level.root=WARN",
				// taobus's readiness group names its tao contributor, which this app does not have
				"--management.endpoint.health.group.readiness.include=readinessState");
	}

}
