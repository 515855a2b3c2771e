package io.taobus.api;

import io.taobus.ingestion.ResponseEncoder;
import io.taobus.tao.AppCon;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of a response AppCon, {@code {"term", "action", "orient", "data": {"term", "action",
 * "orient"}}}: the shape of a {@code POST /tao/appcons} or {@code /tao/context} request body, so that a
 * response can be sent on as a request.
 */
final class ResponseJson implements ResponseEncoder {

	private final JsonMapper mapper;

	ResponseJson(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** The kind of the {@code POST /tao/context} deliveries. */
	static final String KIND = "context";

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public byte[] encode(AppCon response) {
		return this.mapper.writeValueAsBytes(new Body(response.term(), response.action(), response.orient(),
				new Data(response.termData(), response.actionData(), response.orientData())));
	}

	/**
	 * A response.
	 * @param term its term
	 * @param action its action
	 * @param orient its orient
	 * @param data its data per axis
	 */
	record Body(String term, String action, String orient, Data data) {
	}

	/**
	 * A response's data per axis.
	 * @param term the term data
	 * @param action the action data
	 * @param orient the orient data
	 */
	record Data(@Nullable Object term, @Nullable Object action, @Nullable Object orient) {
	}

}
