package io.taobus.api;

import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.taobus.ingestion.BodyLimit;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.ingestion.ResponseDocs;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpStatus;

import static io.taobus.ingestion.ResponseDocs.problem;
import static io.taobus.ingestion.ResponseDocs.problems;

/**
 * The responses of {@code POST /tao/appcons} in the OpenAPI document, every status with the body it
 * really has ({@link AppConExamples}), and its {@code Idempotency-Key} header.
 */
final class AppConApiDocs implements OpenApiCustomizer {

	private final BodyLimit bodyLimit;

	AppConApiDocs(BodyLimit bodyLimit) {
		this.bodyLimit = bodyLimit;
	}

	@Override
	public void customise(OpenAPI openApi) {
		Operation appCons = ResponseDocs.post(openApi, Ingestion.APPCONS);
		if (appCons != null) {
			appCons.responses(responses());
			appCons.addParametersItem(ResponseDocs.requestHeader("Idempotency-Key", "Makes a retry a duplicate (200,"
					+ " duplicate: true) instead of a second dispatch; the acknowledgement's id"));
		}
	}

	ApiResponses responses() {
		return ResponseDocs.common(new ApiResponses()
			.addApiResponse("202", ResponseDocs.acknowledgement("Stored (its row committed), then dispatched onto the bus",
					"generic AppCon", AppConExamples.accepted()))
			.addApiResponse("200", ResponseDocs.acknowledgement("A retry with the same Idempotency-Key: the first acknowledgement"
					+ " with duplicate: true; handlers do not run again", "Idempotency-Key: " + AppConExamples.IDEMPOTENCY_KEY,
					AppConExamples.duplicate()))
			.addApiResponse("400", problems("Not a JSON object with a concrete term, action and orient", Map.of("no term",
					problem(HttpStatus.BAD_REQUEST, IngestionOutcome.MALFORMED, "term is required and may not be a wildcard"))))
			.addApiResponse("401", problems("Missing or invalid bearer token", Map.of("no token", problem(HttpStatus.UNAUTHORIZED,
					IngestionOutcome.UNAUTHORIZED, "a valid Authorization: Bearer token with the write scope is required")))
				.addHeaderObject("WWW-Authenticate", ResponseDocs.header("Bearer realm=\"taobus\"")))
			.addApiResponse("415", problems("Content type other than JSON", Map.of("unsupported media type", problem(
					HttpStatus.UNSUPPORTED_MEDIA_TYPE, IngestionOutcome.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json")))),
				this.bodyLimit, "Body above " + this.bodyLimit + " (`" + this.bodyLimit.property() + "`)");
	}

}
