package io.taobus.webhook.provider;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.taobus.ingestion.IngestionProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;

/**
 * What taobus knows of one webhook provider's scheme, in one file per provider: how its deliveries are
 * verified, how they map to a trigram by default, where their delivery id is, which headers are its
 * event headers (kept in the metadata, documented in OpenAPI), and what it answers before anything is
 * dispatched. taobus's own are imported by {@link ProviderConfiguration}; an application adds one as a
 * bean. Its {@code @Order} places its headers in the OpenAPI document. Stateless: one instance serves every source of its type.
 */
public interface WebhookProvider {

	/** The type a source names in {@code taobus.webhooks.sources.<name>.type}, lower case, such as {@code github}. */
	String type();

	/**
	 * The verifier of one configured source, built at startup. For a signed type, taobus refused a
	 * source without a secret before asking.
	 * @throws IllegalArgumentException naming the source when its settings cannot verify anything
	 */
	Verifier verifier(SourceSettings source);

	/** The trigram and delivery id of a source that configures none, as value expressions. */
	Mapping mapping(String source);

	/** The lower-case prefixes of the provider's event headers; signature headers are never kept. */
	default List<String> eventHeaderPrefixes() {
		return List.of();
	}

	/** The request headers OpenAPI declares, so that "Try it out" can send a signed delivery. */
	default List<Header> documentedHeaders() {
		return List.of();
	}

	/** Whether deliveries carry a signature at all; an unsigned type needs {@code allow-unsigned: true}. */
	default boolean signed() {
		return true;
	}

	/**
	 * Whether the signature covers the body alone, with no timestamp and no delivery id: a captured
	 * delivery then verifies forever, under any id, and the replay defence applies.
	 */
	default boolean signsBodyOnly() {
		return false;
	}

	/**
	 * The term data of a verified, parsed body; a structured CloudEvent's attributes become headers.
	 * @throws io.taobus.ingestion.IngestionException (400) when the body is not what the provider sends
	 */
	default Object normalize(Object body, MediaType contentType, DeliveryHeaders headers) {
		return body;
	}

	/** The delivery id when the mapping yields none, such as CloudEvents' {@code source#id}; else the body's hash. */
	default @Nullable String deliveryId(DeliveryHeaders headers) {
		return null;
	}

	/**
	 * The pre-dispatch hook: the {@code text/plain} answer to a handshake delivery, answered 200 instead
	 * of stored and dispatched (Slack's {@code url_verification}), or {@code null} for a delivery to run.
	 */
	default @Nullable String handshake(Object body) {
		return null;
	}

	/**
	 * Where the sender takes a late response to a delivery it was answered without one (a source with
	 * {@code reply.mode: sync}), such as Slack's {@code response_url}; {@code null} for none.
	 */
	default @Nullable String followUpUrl(Object body) {
		return null;
	}

	/**
	 * Whether a delivery of a {@code sync} source that has no response in time is answered an empty 200,
	 * as Slack expects of a slash command (it then shows nothing), rather than the 202 acknowledgement.
	 */
	default boolean emptyOkWithoutResponse() {
		return false;
	}

	/**
	 * The largest body the provider's senders send: the limit of its sources unless the source
	 * ({@code taobus.webhooks.sources.<name>.max-body-size}) or every source
	 * ({@code taobus.webhooks.max-body-size}) sets one. A body is held in memory while it is verified and
	 * parsed; the bus's bytes in flight ({@code taobus.kernel.max-inflight-bytes}) bound what all of them
	 * hold together.
	 */
	default DataSize maxBodySize() {
		return IngestionProperties.DEFAULT_MAX_BODY_SIZE;
	}

	/** How many bytes of key a secret gives, for the startup WARN on a short one. */
	default int keyBytes(String secret) {
		return secret.getBytes(StandardCharsets.UTF_8).length;
	}

	/**
	 * A provider's default mapping: where the term, action and orient of a delivery come from, and its
	 * delivery id ({@code null}: {@link #deliveryId}, else the body's hash).
	 * @param term the term's expression
	 * @param action the action's expression
	 * @param orient the orient's expression
	 * @param deliveryId the delivery id's expression, or {@code null}
	 */
	record Mapping(String term, String action, String orient, @Nullable String deliveryId) {

		/**
		 * The mapping of a payload whose {@code type} names the event: split at its last dot into term and
		 * action ({@code payment_intent.succeeded}), the action {@code received} when it has no dot, the
		 * source's name as orient.
		 */
		static Mapping byType(String source, @Nullable String deliveryId) {
			return new Mapping("json:/type@head", "json:/type@tail|received", source, deliveryId);
		}

	}

	/**
	 * A request header in the OpenAPI document.
	 * @param name the header's name
	 * @param description what it holds, prefixed with the provider's name; CommonMark, as Swagger UI
	 * renders it, so a format with {@code <placeholders>} goes in a code span (backticks), else the
	 * placeholder is read as an HTML tag and vanishes
	 */
	record Header(String name, String description) {
	}

}
