package io.taobus.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A source whose deliveries are answered after their handlers ran, compiled at startup: with their
 * response ({@code reply.mode: sync}) or once their inline handlers returned ({@code reply.mode: inline});
 * how long it waits, and the origins a late response may be posted to. A setting that cannot work stops
 * startup naming the source.
 *
 * @param inline whether the answer waits for the inline handlers only (202, or 500 when one failed)
 * rather than for a response
 * @param timeout how long a delivery waits
 * @param followUpOrigins the origins ({@code scheme://host[:port]}) a follow-up URL must have
 */
record SyncReply(boolean inline, Duration timeout, List<String> followUpOrigins) {

	/** The reply of a source; {@code null} for one that acknowledges once stored. */
	static @Nullable SyncReply of(String source, WebhookProperties.Source.Reply reply) {
		String prefix = "taobus.webhooks.sources." + source + ".reply.";
		String mode = reply.mode().strip().toLowerCase(Locale.ROOT);
		if (mode.equals("ack")) {
			return null;
		}
		if (!mode.equals("sync") && !mode.equals("inline")) {
			throw new IllegalArgumentException(prefix + "mode must be ack, sync or inline, was '" + reply.mode() + "'");
		}
		if (reply.timeout().isNegative() || reply.timeout().isZero()) {
			throw new IllegalArgumentException(prefix + "timeout must be positive, was " + reply.timeout());
		}
		List<String> origins = reply.followUpOrigins().stream().map((origin) -> origin(prefix, origin)).toList();
		return new SyncReply(mode.equals("inline"), reply.timeout(), origins);
	}

	/** Whether a late response may be posted to this URL: an absolute URL of one of the origins. */
	boolean mayFollowUp(URI url) {
		if (!url.isAbsolute() || url.getRawAuthority() == null || url.getRawUserInfo() != null) {
			return false;
		}
		String origin = url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority().toLowerCase(Locale.ROOT);
		return this.followUpOrigins.contains(origin);
	}

	private static String origin(String prefix, String origin) {
		URI uri;
		try {
			uri = URI.create(origin.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(prefix + "follow-up-origins: '" + origin + "' is not a URL", ex);
		}
		boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
		if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))
				|| uri.getRawAuthority() == null || !bare || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
			throw new IllegalArgumentException(prefix + "follow-up-origins: '" + origin
					+ "' must be an origin such as https://hooks.slack.com (scheme, host, port; no path)");
		}
		return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
	}

}
