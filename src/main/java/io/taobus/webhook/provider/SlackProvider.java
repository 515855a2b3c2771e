package io.taobus.webhook.provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.taobus.ingestion.IngestionException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.Order;

/**
 * Slack: {@code X-Slack-Signature: v0=<hex>} over {@code v0:<X-Slack-Request-Timestamp>:body}, keyed by
 * the signing secret, the timestamp within the tolerance both ways. Events API deliveries map their
 * {@code event.type}, slash commands their {@code command}; the URL verification handshake is answered
 * with its challenge and never dispatched. A source with {@code reply.mode: sync} answers a slash command
 * or an interaction with its handlers' message, else an empty 200, and posts a late message to its
 * {@code response_url}.
 */
@Order(3)
final class SlackProvider implements WebhookProvider {

	private static final String SIGNATURE = "X-Slack-Signature";

	private static final String TIMESTAMP = "X-Slack-Request-Timestamp";

	@Override
	public String type() {
		return "slack";
	}

	@Override
	public Verifier verifier(SourceSettings source) {
		HmacKeys keys = HmacKeys.utf8(source.secrets());
		return (delivery, now) -> verify(keys, source, delivery, now);
	}

	private static void verify(HmacKeys keys, SourceSettings source, Delivery delivery, Instant now) {
		String timestamp = delivery.required(TIMESTAMP);
		String signature = delivery.required(SIGNATURE);
		long seconds = Timestamps.parse(TIMESTAMP, timestamp);
		if (!signature.startsWith("v0=")) {
			throw IngestionException.invalidSignature(SIGNATURE + " must start with 'v0='");
		}
		byte[] presented = Signatures.hex(signature.substring(3));
		byte[] prefix = Signatures.utf8("v0:" + timestamp + ":");
		if (!keys.matches(presented, prefix, delivery.body())) {
			throw IngestionException.invalidSignature(SIGNATURE + " does not match");
		}
		Timestamps.check(TIMESTAMP, seconds, now, source.tolerance());
	}

	@Override
	public Mapping mapping(String source) {
		return new Mapping("json:/event/type|json:/type|json:/command", "json:/event/subtype|received", source,
				"json:/event_id|json:/trigger_id");
	}

	@Override
	public List<String> eventHeaderPrefixes() {
		return List.of("x-slack-");
	}

	@Override
	public List<Header> documentedHeaders() {
		return List.of(new Header(SIGNATURE, "Slack: `v0=<hex HMAC-SHA256 of v0:timestamp:body>`"),
				new Header(TIMESTAMP, "Slack: unix seconds, within the source's tolerance"));
	}

	/**
	 * The {@code response_url} of a slash command (a form field) or of an interaction (in its
	 * {@code payload}), where a late response is posted.
	 */
	@Override
	public @Nullable String followUpUrl(Object body) {
		if (!(body instanceof Map<?, ?> map)) {
			return null;
		}
		if (map.get("response_url") instanceof String url) {
			return url;
		}
		return (map.get("payload") instanceof Map<?, ?> payload && payload.get("response_url") instanceof String url) ? url
				: null;
	}

	/** A slash command answered nothing in time gets an empty 200: Slack then shows nothing. */
	@Override
	public boolean emptyOkWithoutResponse() {
		return true;
	}

	/** The URL verification handshake of the Events API: answered with its challenge. */
	@Override
	public @Nullable String handshake(Object body) {
		return (body instanceof Map<?, ?> map && "url_verification".equals(map.get("type"))
				&& map.get("challenge") instanceof String challenge) ? challenge : null;
	}

}
