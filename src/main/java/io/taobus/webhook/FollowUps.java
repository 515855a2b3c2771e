package io.taobus.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.taobus.ingestion.RecordedResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a late response to the URL its sender offered for it (Slack's {@code response_url}), once, as
 * JSON, within {@link #TIMEOUT}; what became of it is logged, never retried: Slack's URLs take five
 * messages within thirty minutes, and a second copy of a message is worse than none. The URL was checked
 * against the source's {@code follow-up-origins} before it gets here.
 */
final class FollowUps {

	private static final Logger logger = LoggerFactory.getLogger(FollowUps.class);

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	/**
	 * Posts the response (JSON, or a {@link io.taobus.handler.Reply}'s body under its type); the stage
	 * completes with the status, or 0 when the post failed.
	 */
	CompletableFuture<Integer> post(String source, URI url, RecordedResponse response) {
		HttpRequest request = HttpRequest.newBuilder(url)
			.timeout(TIMEOUT)
			.header("Content-Type", (response.contentType() != null) ? response.contentType() : "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(response.body()))
			.build();
		return this.client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((answer, error) -> {
			if (error != null) {
				logger.warn("The late response of a delivery of source {} could not be posted to {}://{}: {}", source,
						url.getScheme(), url.getRawAuthority(), error.toString());
				return 0;
			}
			if (answer.statusCode() >= 300) {
				logger.warn("The late response of a delivery of source {} was refused by {}://{} with {}", source,
						url.getScheme(), url.getRawAuthority(), answer.statusCode());
			}
			else {
				logger.debug("The late response of a delivery of source {} was posted", source);
			}
			return answer.statusCode();
		});
	}

}
