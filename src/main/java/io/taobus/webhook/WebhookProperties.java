package io.taobus.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.taobus.ingestion.IngestionProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The configured webhook sources ({@code taobus.webhooks.sources.*}), each reachable at
 * {@code POST /webhooks/<name>}. The body limit beside them is both endpoints' ({@link IngestionProperties}),
 * which a source may set for itself; the dedupe window is the inbox's ({@code taobus.inbox.dedupe-window}).
 *
 * @param sources the sources by name
 */
@ConfigurationProperties("taobus.webhooks")
public record WebhookProperties(@DefaultValue Map<String, Source> sources) {

	public WebhookProperties {
		sources = Map.copyOf(sources);
	}

	/**
	 * One webhook source.
	 * @param type the signature scheme and payload conventions
	 * @param secret the signing secret (or bearer token for CloudEvents)
	 * @param secrets more secrets, for rotation: any one that matches passes
	 * @param tolerance how far a signed timestamp may be from now, both directions
	 * @param allowUnsigned must be true for {@code type: none}
	 * @param header the signature header, for {@code hmac-sha256}
	 * @param encoding {@code hex} or {@code base64}, for {@code hmac-sha256}
	 * @param prefix a prefix before the signature, such as {@code sha256=}, for {@code hmac-sha256}
	 * @param term the term: a literal, {@code header:<Name>} or {@code json:<JSON Pointer>}
	 * @param action the action, in the same forms
	 * @param orient the orient, in the same forms
	 * @param deliveryId where the delivery id is, in the same forms; else per type, else a body hash
	 * @param replayProtection for schemes that sign the body only (GitHub, Shopify, hmac-sha256): a body
	 * seen within the dedupe window under another delivery id is answered as a duplicate
	 * @param trustedTraceContext whether the sender's {@code traceparent} is continued (else it becomes
	 * a span link of the delivery's own trace)
	 * @param accessTokenQuery for CloudEvents: whether the bearer token may come in the
	 * {@code access_token} query parameter (where proxies and access logs see it)
	 * @param maxBodySize the largest body of this source; unset, {@code taobus.webhooks.max-body-size}
	 * when that is set, else its provider's ({@code WebhookProvider.maxBodySize()}: GitHub 25 MB, others 1 MB)
	 * @param reply how a delivery is answered: acknowledged once stored (the default), or with its
	 * handlers' response
	 */
	public record Source(@Nullable String type, @Nullable String secret, @DefaultValue List<String> secrets,
			@DefaultValue("5m") Duration tolerance, @DefaultValue("false") boolean allowUnsigned,
			@Nullable String header, @DefaultValue("hex") String encoding, @DefaultValue("") String prefix,
			@Nullable String term, @Nullable String action, @Nullable String orient, @Nullable String deliveryId,
			@DefaultValue("true") boolean replayProtection, @DefaultValue("false") boolean trustedTraceContext,
			@DefaultValue("false") boolean accessTokenQuery, @Nullable DataSize maxBodySize, @DefaultValue Reply reply) {

		@ConstructorBinding
		public Source {
			secrets = List.copyOf(secrets);
		}

		/** A source that acknowledges its deliveries once stored. */
		public Source(@Nullable String type, @Nullable String secret, List<String> secrets, Duration tolerance,
				boolean allowUnsigned, @Nullable String header, String encoding, String prefix, @Nullable String term,
				@Nullable String action, @Nullable String orient, @Nullable String deliveryId, boolean replayProtection,
				boolean trustedTraceContext, boolean accessTokenQuery, @Nullable DataSize maxBodySize) {
			this(type, secret, secrets, tolerance, allowUnsigned, header, encoding, prefix, term, action, orient,
					deliveryId, replayProtection, trustedTraceContext, accessTokenQuery, maxBodySize, Reply.ACK);
		}

		/** A source with the security switches at their defaults. */
		public Source(@Nullable String type, @Nullable String secret, List<String> secrets, Duration tolerance,
				boolean allowUnsigned, @Nullable String header, String encoding, String prefix, @Nullable String term,
				@Nullable String action, @Nullable String orient, @Nullable String deliveryId) {
			this(type, secret, secrets, tolerance, allowUnsigned, header, encoding, prefix, term, action, orient,
					deliveryId, true, false, false, null);
		}

		/**
		 * How a source's deliveries are answered.
		 * @param mode {@code ack}: 202 once stored; {@code sync}: with the response of their handlers
		 * ({@code @TaoResponse}), stored first all the same; {@code inline}: 202 once their inline handlers
		 * returned, 500 when one failed
		 * @param timeout how long a {@code sync} reply waits for the response (Slack wants one within 3 s);
		 * past it, the provider's plain acknowledgement (Slack: an empty 200), and the delivery runs on
		 * @param followUpOrigins where a late response may be posted, when the sender offers a URL for it
		 * (Slack's {@code response_url}): an origin ({@code https://hooks.slack.com}) the URL must start
		 * with; a URL of any other origin is never called
		 */
		public record Reply(@DefaultValue("ack") String mode, @DefaultValue("2500ms") Duration timeout,
				@DefaultValue("https://hooks.slack.com") List<String> followUpOrigins) {

			/** The default: acknowledged once stored. */
			public static final Reply ACK = new Reply("ack", Duration.ofMillis(2500), List.of("https://hooks.slack.com"));

			public Reply {
				followUpOrigins = List.copyOf(followUpOrigins);
			}

		}

		/** Every configured secret, {@code secret} first. */
		List<String> allSecrets() {
			return (this.secret == null || this.secret.isBlank()) ? this.secrets
					: java.util.stream.Stream.concat(java.util.stream.Stream.of(this.secret), this.secrets.stream()).toList();
		}

	}

}
