package io.taobus.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.taobus.inbox.Inbox;
import io.taobus.tao.Kernel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /tao/handlers}: every registered handler with what the ledger holds of its calls (runs,
 * failed, pending a retry, dead, the last failure), behind the API token of the {@code read} scope, as
 * the deliveries API. The figures are one grouped read of the inbox ({@link Inbox#handlerFigures()}),
 * run through {@link StoreCalls} like every store call of the API; its refusals are
 * {@link OperatorProblems}'.
 */
@RestController
@Tag(name = "Handlers", description = "The registered handlers and their calls on record")
@SecurityRequirement(name = OpenApiConfiguration.BEARER)
class HandlersController {

	static final String PATH = "/tao/handlers";

	private final Kernel kernel;

	private final Inbox inbox;

	private final ApiTokens tokens;

	private final StoreCalls storeCalls;

	HandlersController(Kernel kernel, Inbox inbox, ApiTokens tokens, StoreCalls storeCalls) {
		this.kernel = kernel;
		this.inbox = inbox;
		this.tokens = tokens;
		this.storeCalls = storeCalls;
	}

	@Operation(summary = "List the handlers with their calls on record",
			description = "Every registration in registration order with its runs on the ledger (within retention):"
					+ " calls, failed, retrying (a retry due), dead, and the last failure's time, error class and"
					+ " fingerprint; then the handlers no longer registered whose calls are still on record, without a"
					+ " pattern. GET /tao/deliveries?handler= lists the deliveries with a failing call of one;"
					+ " POST /tao/deliveries/replay with handler replays them.")
	@DeliveriesApiDocs.HandlersResponses
	@GetMapping(PATH)
	Mono<HandlerView.Handlers> list(
			@Parameter(hidden = true) @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		if (!this.tokens.accepts(ApiTokens.Scope.READ, authorization)) {
			throw ApiProblem.unauthorized(this.tokens.detail(ApiTokens.Scope.READ));
		}
		return this.storeCalls.call(() -> HandlerView.of(this.kernel.registrations(), this.inbox.handlerFigures()));
	}

}
