package io.taobus.bench;

import io.taobus.bench.support.Port;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

/**
 * The baseline of bench/load.sh: a bare Spring WebFlux app on Reactor Netty that reads the whole body
 * and answers 202, nothing else: no verification, no dedupe, no bus, no metrics.
 */
public final class BareWebFluxApp {

	private BareWebFluxApp() {
	}

	public static void main(String[] args) {
		RouterFunction<ServerResponse> route = RouterFunctions.route(POST("/webhooks/{source}"),
				(request) -> DataBufferUtils.join(request.bodyToFlux(org.springframework.core.io.buffer.DataBuffer.class))
					.map((buffer) -> {
						int size = buffer.readableByteCount();
						DataBufferUtils.release(buffer);
						return size;
					})
					.flatMap((size) -> ServerResponse.accepted().bodyValue("{\"bytes\":" + size + "}")));
		HttpHandler handler = RouterFunctions.toHttpHandler(route);
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(Port.of(args))
			.handle(new ReactorHttpHandlerAdapter(handler))
			.bindNow();
		System.out.println("bare WebFlux app listening on " + server.port());
		server.onDispose().block();
	}

}
