package io.taobus.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.taobus.inbox.DeliveryQuery;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.ReplayFilter;
import io.taobus.inbox.ReplayScope;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The deliveries API: what the durable inbox holds, for operators, behind the API token of the {@code read} scope (replays: {@code admin}). Every store
 * call runs JDBC, so it runs through {@link StoreCalls}, on a thread of its own that neither an event loop
 * waits for nor a client's disconnect interrupts; every parameter
 * is checked, and a refusal is problem details with an {@code outcome}. The token is read from the
 * {@code Authorization} header, which the document leaves to its bearer scheme (Swagger UI's Authorize)
 * rather than showing an input of its own. The documented responses are in {@link DeliveriesApiDocs}, the
 * refusals' answers in {@link OperatorProblems}.
 */
@RestController
@RequestMapping("/tao/deliveries")
@Tag(name = "Deliveries", description = "The stored deliveries of the durable inbox: look up, replay")
@SecurityRequirement(name = "bearer")
class DeliveriesController {

	static final int DEFAULT_LIMIT = 50;

	/** The longest handler or error class name the ledger keeps ({@code inbox_handler_call}). */
	static final int MAX_NAME = 500;

	private final Inbox inbox;

	private final ApiTokens tokens;

	private final StoreCalls storeCalls;

	DeliveriesController(Inbox inbox, ApiTokens tokens, StoreCalls storeCalls) {
		this.inbox = inbox;
		this.tokens = tokens;
		this.storeCalls = storeCalls;
	}

	@Operation(summary = "List stored deliveries, newest first, without bodies")
	@DeliveriesApiDocs.ListResponses
	@GetMapping
	Mono<DeliveryView.Page> list(
			@Parameter(hidden = true) @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			@Parameter(description = "only this source") @RequestParam(required = false) @Nullable String source,
			@Parameter(description = "only deliveries in this status") @RequestParam(required = false) @Nullable String status,
			@Parameter(description = "received at or after (ISO-8601 instant)") @RequestParam(required = false) @Nullable String since,
			@Parameter(description = "page size, 1 to 500 (default 50)") @RequestParam(required = false) @Nullable String limit,
			@Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) @Nullable String cursor,
			@Parameter(description = "only deliveries with a failing call (its latest attempt failed or dead) of this handler")
			@RequestParam(required = false) @Nullable String handler,
			@Parameter(description = "only deliveries with a failing call that threw this exception class, e.g."
					+ " java.lang.IllegalStateException") @RequestParam(required = false) @Nullable String errorClass) {
		requireToken(ApiTokens.Scope.READ, authorization);
		DeliveryQuery query = query(source, status, since, limit, cursor, handler, errorClass);
		return this.storeCalls.call(() -> DeliveryView.Page.of(this.inbox.list(query)));
	}

	@Operation(summary = "One stored delivery and its timeline of handler calls; with body=true its stored body")
	@DeliveriesApiDocs.FindResponses
	@GetMapping("/{source}/{deliveryId}")
	Mono<DeliveryView> find(
			@Parameter(hidden = true) @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			@PathVariable String source, @Parameter(description = "the delivery id, URL-encoded") @PathVariable String deliveryId,
			@Parameter(description = "true adds the stored body") @RequestParam(required = false) @Nullable String body) {
		requireToken(ApiTokens.Scope.READ, authorization);
		boolean withBody = bool("body", body);
		return this.storeCalls.call(() -> DeliveryView.of(this.inbox.find(source, deliveryId, withBody).orElseThrow(ApiProblem::notFound),
				this.inbox.calls(source, deliveryId)));
	}

	@Operation(summary = "Run a stored delivery again", description = "Marks a completed, failed or dead delivery for"
			+ " another run; recovery dispatches it within its claim interval, its AppCon's metadata saying replay: true."
			+ " By default the run skips every handler call an earlier run completed (status skipped in its timeline,"
			+ " what the call returned then taken from the ledger) and runs only the failed, dead and never reached"
			+ " ones; scope=all runs the whole cascade again.")
	@DeliveriesApiDocs.ReplayResponses
	@PostMapping("/{source}/{deliveryId}/replay")
	Mono<ResponseEntity<DeliveryView>> replay(
			@Parameter(hidden = true) @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			@PathVariable String source, @PathVariable String deliveryId,
			@Parameter(description = "failed (the default): run only the calls that did not complete; all: the whole cascade")
			@RequestParam(required = false) @Nullable String scope) {
		requireToken(ApiTokens.Scope.ADMIN, authorization);
		ReplayScope replayScope = scope(scope);
		return this.storeCalls.call(() -> switch (this.inbox.replay(source, deliveryId, replayScope)) {
			case REPLAYED -> ResponseEntity.accepted()
				.body(DeliveryView.of(this.inbox.find(source, deliveryId, false).orElseThrow(ApiProblem::notFound)));
			case UNKNOWN -> throw ApiProblem.notFound();
			case BODY_EXPIRED -> throw new ApiProblem(HttpStatus.GONE, ApiProblem.Outcome.BODY_EXPIRED,
					"the delivery's body was removed by retention: it cannot run again", null);
			case PENDING -> throw new ApiProblem(HttpStatus.CONFLICT, ApiProblem.Outcome.PENDING,
					"the delivery is pending: it is running or about to be recovered", null);
		});
	}

	@Operation(summary = "Run a range of stored deliveries again, or count them",
			description = "Marks every settled delivery matching the filter whose body is kept for another run, in bounded"
					+ " batches; recovery dispatches them at its own pace. Without a status only what failed: the failed and"
					+ " dead deliveries and those with a failing call (an async call gone dead on a completed cascade), or,"
					+ " with handler or errorClass, the deliveries with a failing call of theirs; completed deliveries run"
					+ " again only with status completed. With preview true it marks nothing and answers 200 with the count"
					+ " it would mark. Each run skips the calls its delivery's earlier runs completed, unless scope is all.")
	@DeliveriesApiDocs.BulkReplayResponses
	@PostMapping("/replay")
	Mono<ResponseEntity<DeliveryView.Replayed>> replayAll(
			@Parameter(hidden = true) @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			@RequestBody(required = false) DeliveryView.@Nullable ReplayRequest request) {
		requireToken(ApiTokens.Scope.ADMIN, authorization);
		ReplayFilter filter = filter(request);
		if (request != null && Boolean.TRUE.equals(request.preview())) {
			return this.storeCalls.call(() -> ResponseEntity.ok(new DeliveryView.Replayed(this.inbox.replayCount(filter), true)));
		}
		return this.storeCalls
			.call(() -> ResponseEntity.accepted().body(new DeliveryView.Replayed(this.inbox.replay(filter), false)));
	}

	private void requireToken(ApiTokens.Scope scope, @Nullable String authorization) {
		if (!this.tokens.accepts(scope, authorization)) {
			throw ApiProblem.unauthorized(this.tokens.detail(scope));
		}
	}

	static DeliveryQuery query(@Nullable String source, @Nullable String status, @Nullable String since,
			@Nullable String limit, @Nullable String cursor, @Nullable String handler, @Nullable String errorClass) {
		int size = DEFAULT_LIMIT;
		if (limit != null) {
			try {
				size = Integer.parseInt(limit.trim());
			}
			catch (NumberFormatException ex) {
				throw ApiProblem.invalid("limit must be a whole number from 1 to " + DeliveryQuery.MAX_LIMIT);
			}
			if (size < 1 || size > DeliveryQuery.MAX_LIMIT) {
				throw ApiProblem.invalid("limit must be a whole number from 1 to " + DeliveryQuery.MAX_LIMIT);
			}
		}
		try {
			return new DeliveryQuery(text("source", source), status(status, true), instant("since", since), size,
					text("cursor", cursor), name("handler", handler), name("errorClass", errorClass));
		}
		catch (IllegalArgumentException ex) {
			throw ApiProblem.invalid("cursor is not one this API issued: pass nextCursor from the previous page");
		}
	}

	static ReplayFilter filter(DeliveryView.@Nullable ReplayRequest request) {
		if (request == null) {
			throw ApiProblem.invalid("give at least one of source, status, from, to, handler and errorClass");
		}
		if (request.source() == null && request.status() == null && request.from() == null && request.to() == null
				&& request.handler() == null && request.errorClass() == null && !Boolean.TRUE.equals(request.preview())) {
			// a preview of everything that failed is harmless; a replay of it is asked for by name
			throw ApiProblem.invalid("give at least one of source, status, from, to, handler and errorClass");
		}
		Instant from = instant("from", request.from());
		Instant to = instant("to", request.to());
		if (from != null && to != null && !from.isBefore(to)) {
			throw ApiProblem.invalid("from must be before to");
		}
		return new ReplayFilter(text("source", request.source()), status(request.status(), false), from, to,
				name("handler", request.handler()), name("errorClass", request.errorClass()), scope(request.scope()));
	}

	/** A handler's or an exception class's name: never blank, never longer than the ledger keeps. */
	private static @Nullable String name(String name, @Nullable String value) {
		if (value != null && value.length() > MAX_NAME) {
			throw ApiProblem.invalid(name + " must be at most " + MAX_NAME + " characters");
		}
		return text(name, value);
	}

	/** A replay's scope: {@code failed} when none is given. */
	static ReplayScope scope(@Nullable String value) {
		if (value == null) {
			return ReplayScope.FAILED;
		}
		return Arrays.stream(ReplayScope.values())
			.filter((candidate) -> candidate.value().equals(value.trim()))
			.findFirst()
			.orElseThrow(() -> ApiProblem.invalid("scope must be one of "
					+ Arrays.stream(ReplayScope.values()).map(ReplayScope::value).collect(Collectors.joining(", "))));
	}

	private static @Nullable String text(String name, @Nullable String value) {
		if (value != null && value.isBlank()) {
			throw ApiProblem.invalid(name + " must not be blank");
		}
		return value;
	}

	private static @Nullable DeliveryStatus status(@Nullable String value, boolean pendingAllowed) {
		if (value == null) {
			return null;
		}
		DeliveryStatus status = Arrays.stream(DeliveryStatus.values())
			.filter((candidate) -> candidate.value().equals(value.trim()))
			.findFirst()
			.orElse(null);
		if (status == null || (status == DeliveryStatus.PENDING && !pendingAllowed)) {
			String allowed = Arrays.stream(DeliveryStatus.values())
				.filter((candidate) -> pendingAllowed || candidate != DeliveryStatus.PENDING)
				.map(DeliveryStatus::value)
				.collect(Collectors.joining(", "));
			throw ApiProblem.invalid("status must be one of " + allowed);
		}
		return status;
	}

	private static @Nullable Instant instant(String name, @Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value.trim());
		}
		catch (DateTimeParseException ex) {
			throw ApiProblem.invalid(name + " must be an ISO-8601 instant such as 2026-11-30T06:00:00Z");
		}
	}

	private static boolean bool(String name, @Nullable String value) {
		if (value == null || value.equals("false")) {
			return false;
		}
		if (value.equals("true")) {
			return true;
		}
		throw ApiProblem.invalid(name + " must be true or false");
	}

}
