package io.taobus.api;

import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.taobus.ingestion.Acknowledgement;
import io.taobus.ingestion.BodyLimit;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.ingestion.ProblemResponses;
import io.taobus.ingestion.ResponseDocs;
import org.springdoc.core.customizers.OpenApiCustomizer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

/**
 * The responses of {@code POST /tao/context} in the OpenAPI document, every status with the body it
 * really has: the response of the demonstration's {@code Quote Ask Api} ({@link ContextExamples}), the
 * 202 of a late response, the problems of a cascade that gave none, and its request headers.
 */
final class ContextApiDocs implements OpenApiCustomizer {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final BodyLimit bodyLimit;

	ContextApiDocs(BodyLimit bodyLimit) {
		this.bodyLimit = bodyLimit;
	}

	@Override
	public void customise(OpenAPI openApi) {
		Operation context = ResponseDocs.post(openApi, ContextEndpoint.PATH);
		if (context == null) {
			return;
		}
		context.responses(responses());
		context.addParametersItem(ResponseDocs.requestHeader("Idempotency-Key", "The delivery id: a repeated request is"
				+ " answered the first one's response (Idempotent-Replayed: true)"));
		context.addParametersItem(ResponseDocs.requestHeader("Prefer", "wait=N to wait N seconds for the response"
				+ " (at most taobus.api.max-response-timeout); respond-async to be answered 202 rather than 504 past it"));
	}

	ApiResponses responses() {
		Acknowledgement late = new Acknowledgement(AppConExamples.IDEMPOTENCY_KEY, AppConEndpoint.SOURCE, "Quote", "Ask",
				"Api", null);
		return ResponseDocs.common(new ApiResponses()
			.addApiResponse("200", new ApiResponse().description("The AppCon that answers the request: what a response"
					+ " handler returned, or the first AppCon its cascade chained")
				.addHeaderObject(ContextEndpoint.REPLAYED, ResponseDocs.header("true"))
				.content(new Content().addMediaType("application/json", new MediaType().schema(new ObjectSchema())
					.addExamples("a quote", new Example().value(MAPPER.readValue(ContextExamples.RESPONSE, Map.class))))))
			.addApiResponse("202", ResponseDocs.acknowledgement("Stored and running, its response not there yet: a caller"
					+ " that sent Prefer: respond-async, a repeat of a request running on another node, or a request the bus"
					+ " refused after it was stored. The response is recorded with the delivery (Location)",
					"Prefer: respond-async", ResponseDocs.body(late))
				.addHeaderObject("Location", ResponseDocs.header(ContextEndpoint.location(late)))
				.addHeaderObject("Preference-Applied", ResponseDocs.header("respond-async")))
			.addApiResponse("400", ResponseDocs.problems("Not a JSON object with a concrete term, action and orient, or extra"
					+ " path segments", Map.of("no term", ResponseDocs.problem(HttpStatus.BAD_REQUEST, IngestionOutcome.MALFORMED,
							"term is required and may not be a wildcard"))))
			.addApiResponse("401", ResponseDocs.problems("Missing or invalid bearer token", Map.of("no token",
					ResponseDocs.problem(HttpStatus.UNAUTHORIZED, IngestionOutcome.UNAUTHORIZED,
							"a valid Authorization: Bearer token with the write scope is required"))))
			.addApiResponse("415", ResponseDocs.problems("Content type other than JSON", Map.of("unsupported media type",
					ResponseDocs.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, IngestionOutcome.UNSUPPORTED_MEDIA_TYPE,
							"Content-Type must be application/json"))))
			.addApiResponse("500", ResponseDocs.problems("The cascade ended without a response, or a handler failed first",
					Map.of("no response", problem(HttpStatus.INTERNAL_SERVER_ERROR, "no_response",
							"the request's cascade ended without a response: no handler chained an AppCon or returned one as a"
									+ " response"),
							"handler failed", problem(HttpStatus.INTERNAL_SERVER_ERROR, "handler_failed",
									"a handler of the request's cascade failed before it responded: java.lang.IllegalArgumentException"))))
			.addApiResponse("504", ResponseDocs.problems("No response within the caller's wait; the request runs on", Map.of(
					"late", problem(HttpStatus.GATEWAY_TIMEOUT, "response_timeout", "no response within 3000 ms; the request is"
							+ " stored and runs on: look it up at " + ContextEndpoint.location(late)
							+ ", or send Prefer: respond-async to be answered 202")))),
				this.bodyLimit, "Body above " + this.bodyLimit + " (`" + this.bodyLimit.property() + "`)");
	}

	private static Map<String, Object> problem(HttpStatus status, String outcome, String detail) {
		return ResponseDocs.problem(ProblemResponses.problem(status, outcome, detail));
	}

}
