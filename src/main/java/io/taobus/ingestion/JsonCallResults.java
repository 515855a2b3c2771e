package io.taobus.ingestion;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.taobus.inbox.CallResults;
import io.taobus.tao.AppCon;
import io.taobus.tao.HandlerCall;
import io.taobus.tao.Intercept;
import io.taobus.tao.PriorCall;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's {@link CallResults}: what a completed call returned, as JSON in the ledger, so that a
 * rerun of its delivery skips it and takes the same path. An inline or async call's AppCon is kept as its
 * trigram and each axis's data with the data's class ({@code {"chained": {"term": …, "termData": {"type":
 * "com.acme.Order", "value": {…}}}}}), read back as that class (a map, list or set as such), so that the
 * handlers after a skipped call see the data they would have; an intercept's decision as
 * {@code {"decision": "proceed" | "halt" | "divert", "appCon": …}}; the AppCon a failed async call on a
 * chained AppCon ran on, for its retry, as {@code {"input": …}}. Data that cannot be written, or whose
 * JSON passes {@value #MAX_LENGTH} characters, is kept as {@code {"unencodable": "<reason>"}}, and data
 * that can no longer be read (its class is gone, or does not read its own JSON): both make the call run
 * again on a rerun rather than take a result that is not what it returned.
 */
final class JsonCallResults implements CallResults {

	/** The longest result kept, in characters. */
	static final int MAX_LENGTH = 1_000_000;

	/** What most calls return, written once: nothing chained, an intercept that lets the AppCon through. */
	private static final String NOTHING_CHAINED = "{\"chained\":null}";

	private static final String PROCEEDED = "{\"decision\":\"proceed\"}";

	private final JsonMapper mapper;

	JsonCallResults(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public @Nullable String encode(HandlerCall call) {
		Object returned = call.returned();
		if (returned == null) {
			return NOTHING_CHAINED;
		}
		if (returned instanceof Intercept.Proceed) {
			return PROCEEDED;
		}
		ObjectNode root = this.mapper.createObjectNode();
		try {
			switch (returned) {
				case AppCon appCon -> root.set("chained", appCon(appCon));
				case Intercept.Halt _ -> root.put("decision", "halt");
				case Intercept.Divert divert -> root.put("decision", "divert").set("appCon", appCon(divert.next()));
				default -> {
					return unencodable("returned a " + returned.getClass().getName());
				}
			}
			String json = this.mapper.writeValueAsString(root);
			return (json.length() <= MAX_LENGTH) ? json : unencodable("longer than " + MAX_LENGTH + " characters");
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return unencodable(ex.getClass().getName());
		}
	}

	@Override
	public @Nullable String encodeInput(HandlerCall call) {
		try {
			ObjectNode root = this.mapper.createObjectNode();
			root.set("input", appCon(call.appCon()));
			String json = this.mapper.writeValueAsString(root);
			return (json.length() <= MAX_LENGTH) ? json : null;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public @Nullable AppCon decodeInput(String input) {
		try {
			JsonNode root = this.mapper.readTree(input);
			return root.has("input") ? appCon(root.get("input")) : null;
		}
		catch (JacksonException | ReflectiveOperationException | IllegalArgumentException | LinkageError ex) {
			return null;
		}
	}

	private ObjectNode appCon(AppCon appCon) {
		ObjectNode node = this.mapper.createObjectNode();
		Trigram trigram = appCon.trigram();
		node.put("term", trigram.term()).put("action", trigram.action()).put("orient", trigram.orient());
		data(node, "termData", appCon.termData());
		data(node, "actionData", appCon.actionData());
		data(node, "orientData", appCon.orientData());
		return node;
	}

	private void data(ObjectNode node, String axis, @Nullable Object data) {
		if (data != null) {
			node.putObject(axis).put("type", data.getClass().getName()).set("value", this.mapper.valueToTree(data));
		}
	}

	private String unencodable(String reason) {
		ObjectNode root = this.mapper.createObjectNode();
		root.put("unencodable", reason);
		return this.mapper.writeValueAsString(root);
	}

	@Override
	public @Nullable PriorCall decode(String result) {
		try {
			JsonNode root = this.mapper.readTree(result);
			if (root.has("decision")) {
				return switch (root.get("decision").asString()) {
					case "proceed" -> PriorCall.decided(Intercept.proceed());
					case "halt" -> PriorCall.decided(Intercept.halt());
					case "divert" -> PriorCall.decided(Intercept.divert(appCon(root.get("appCon"))));
					default -> null;
				};
			}
			if (root.has("chained")) {
				JsonNode chained = root.get("chained");
				return PriorCall.chained(chained.isNull() ? null : appCon(chained));
			}
			return null; // unencodable, or unknown
		}
		catch (JacksonException | ReflectiveOperationException | IllegalArgumentException | LinkageError ex) {
			return null;
		}
	}

	private AppCon appCon(JsonNode node) throws ClassNotFoundException {
		return new AppCon(Trigram.of(node.get("term").asString(), node.get("action").asString(), node.get("orient").asString()),
				data(node.get("termData")), data(node.get("actionData")), data(node.get("orientData")));
	}

	private @Nullable Object data(@Nullable JsonNode data) throws ClassNotFoundException {
		if (data == null || data.isNull()) {
			return null;
		}
		Class<?> type = Class.forName(data.get("type").asString(), false, loader());
		return this.mapper.treeToValue(data.get("value"), readAs(type));
	}

	/** The class to read data of a class as: a map, list or set as such (an immutable one cannot be built). */
	private static Class<?> readAs(Class<?> type) {
		if (Map.class.isAssignableFrom(type)) {
			return Map.class;
		}
		if (Set.class.isAssignableFrom(type)) {
			return Set.class;
		}
		if (Collection.class.isAssignableFrom(type)) {
			return List.class;
		}
		return type;
	}

	private static ClassLoader loader() {
		ClassLoader context = Thread.currentThread().getContextClassLoader();
		return (context != null) ? context : JsonCallResults.class.getClassLoader();
	}

}
