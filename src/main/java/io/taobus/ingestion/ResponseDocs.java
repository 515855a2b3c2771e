package io.taobus.ingestion;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * How the ingestion endpoints' OpenAPI responses are written, shared by both: every status with the
 * body it really has, built by the code that answers it ({@link Acknowledgement},
 * {@link ProblemResponses}) so that the document cannot drift from the wire, and the statuses both
 * answer alike (405, 413, 429, 503). {@code OpenApiExamplesTests} sends the requests and compares.
 */
public final class ResponseDocs {

	private ResponseDocs() {
	}

	/** The POST operation of a path, or {@code null} when springdoc left it out. */
	public static @Nullable Operation post(OpenAPI openApi, String path) {
		PathItem item = (openApi.getPaths() != null) ? openApi.getPaths().get(path) : null;
		return (item != null) ? item.getPost() : null;
	}

	/**
	 * Adds the statuses both endpoints answer alike, and orders them by status.
	 * @param limit the body limit of the 413's example
	 * @param limits what the 413 says of the endpoint's limits
	 */
	public static ApiResponses common(ApiResponses responses, BodyLimit limit, String limits) {
		responses
			.addApiResponse("405", problems("Any method but POST", Map.of("method not allowed",
					problem(ProblemResponses.methodNotAllowedProblem())))
				.addHeaderObject("Allow", header("POST")))
			.addApiResponse("413", problems(limits, Map.of("too large", problem(HttpStatus.CONTENT_TOO_LARGE,
					IngestionOutcome.TOO_LARGE, limit.detail()))))
			.addApiResponse("429", problems("The bus is saturated; retry after Retry-After seconds", Map.of("saturated", problem(
					HttpStatus.TOO_MANY_REQUESTS, IngestionOutcome.THROTTLED, "taobus is saturated; retry later")))
				.addHeaderObject("Retry-After", header("1")))
			.addApiResponse("503", problems("The delivery could not be stored (the inbox's database is unreachable or its"
					+ " writer full) or taobus is shutting down: nothing was acknowledged; retry after Retry-After seconds", Map.of(
					"shutting down", problem(HttpStatus.SERVICE_UNAVAILABLE, IngestionOutcome.THROTTLED, "taobus is shutting down; retry later"),
					"not stored", problem(HttpStatus.SERVICE_UNAVAILABLE, IngestionOutcome.UNAVAILABLE,
							"the delivery could not be stored; nothing was acknowledged, retry later")))
				.addHeaderObject("Retry-After", header("1")));
		ApiResponses sorted = new ApiResponses();
		responses.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((e) -> sorted.addApiResponse(e.getKey(), e.getValue()));
		return sorted;
	}

	/** An acknowledgement response with one example. */
	public static ApiResponse acknowledgement(String description, String name, Map<String, Object> example) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/json", new MediaType()
				.schema(new Schema<>().$ref(ProblemSchemas.ref(ProblemSchemas.ACKNOWLEDGEMENT)))
				.addExamples(name, new Example().value(example))));
	}

	/** A problem response with its examples, by name. */
	public static ApiResponse problems(String description, Map<String, Map<String, Object>> examples) {
		MediaType problem = new MediaType().schema(new Schema<>().$ref(ProblemSchemas.ref(ProblemSchemas.PROBLEM)));
		examples.entrySet().stream().sorted(Map.Entry.comparingByKey())
			.forEach((example) -> problem.addExamples(example.getKey(), new Example().value(example.getValue())));
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json", problem));
	}

	/** A response header with an example value. */
	public static Header header(String example) {
		return new Header().schema(new StringSchema()).example(example);
	}

	/** An optional request header. */
	public static Parameter requestHeader(String name, String description) {
		return new HeaderParameter().name(name).required(false).description(description).schema(new StringSchema());
	}

	/** The JSON of an acknowledgement, as the endpoints write it. */
	public static Map<String, Object> body(Acknowledgement ack) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", ack.id());
		json.put("source", ack.source());
		json.put("term", ack.term());
		json.put("action", ack.action());
		json.put("orient", ack.orient());
		if (ack.duplicate() != null) {
			json.put("duplicate", ack.duplicate());
		}
		return json;
	}

	/** The JSON of a refusal, as the endpoints write it. */
	public static Map<String, Object> problem(HttpStatus status, IngestionOutcome outcome, String detail) {
		return problem(ProblemResponses.problem(status, outcome.tag(), detail));
	}

	public static Map<String, Object> problem(ProblemDetail problem) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("type", String.valueOf(problem.getType()));
		json.put("title", problem.getTitle());
		json.put("status", problem.getStatus());
		json.put("detail", problem.getDetail());
		if (problem.getProperties() != null) {
			json.putAll(problem.getProperties());
		}
		return json;
	}

}
