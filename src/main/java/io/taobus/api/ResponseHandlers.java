package io.taobus.api;

import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.taobus.ingestion.ProblemResponses;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.Kernel;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /tao/responses}: the response handlers registered now, as tao.js's koa middleware lists
 * them, each with its pattern, phase and name: a request whose trigram one of them matches is answered
 * with what a response handler returns. Behind a token of the {@code read} scope, like the rest of what
 * the API shows of the bus.
 */
final class ResponseHandlers {

	static final String PATH = "/tao/responses";

	private final Kernel kernel;

	private final ApiTokens tokens;

	ResponseHandlers(Kernel kernel, ApiTokens tokens) {
		this.kernel = kernel;
		this.tokens = tokens;
	}

	@Operation(summary = "List the response handlers", operationId = "responses", tags = OpenApiConfiguration.APPCON_API,
			security = @SecurityRequirement(name = OpenApiConfiguration.BEARER),
			description = "The patterns of the handlers whose returned AppCon answers POST /tao/context.")
	Mono<ServerResponse> list(@Parameter(hidden = true) ServerRequest request) {
		if (!this.tokens.accepts(ApiTokens.Scope.READ, request.headers().firstHeader(HttpHeaders.AUTHORIZATION))) {
			return ServerResponse.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"taobus\"")
				.bodyValue(ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "unauthorized",
						this.tokens.detail(ApiTokens.Scope.READ)));
		}
		List<ResponseHandler> handlers = this.kernel.responseHandlers().stream().map(ResponseHandler::of).toList();
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(handlers);
	}

	/**
	 * A response handler.
	 * @param term its pattern's term ({@code *} for any)
	 * @param action its pattern's action
	 * @param orient its pattern's orient
	 * @param kind {@code inline} or {@code async}
	 * @param handler its name
	 */
	record ResponseHandler(String term, String action, String orient, String kind, String handler) {

		static ResponseHandler of(HandlerInfo info) {
			return new ResponseHandler(info.pattern().term(), info.pattern().action(), info.pattern().orient(),
					info.kind().name().toLowerCase(Locale.ROOT), info.name());
		}

	}

}
