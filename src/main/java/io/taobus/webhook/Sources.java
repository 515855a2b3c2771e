package io.taobus.webhook;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.taobus.inbox.DeliveryRecord;
import io.taobus.ingestion.AppConRebuilder;
import io.taobus.ingestion.BodyParser;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;
import io.taobus.webhook.provider.DeliveryHeaders;
import io.taobus.webhook.provider.WebhookProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The configured sources by name, and how a verified body becomes an AppCon's term data: parsed, and
 * normalized by its provider (a structured CloudEvent's attributes become headers). One place for both the first run of a delivery and every later one
 * ({@link #rebuild}), so that a recovered or replayed AppCon is the one first dispatched, bar its run.
 */
final class Sources implements AppConRebuilder {

	private final Map<String, WebhookSource> sources;

	private final BodyParser parser;

	Sources(Map<String, WebhookSource> sources, BodyParser parser) {
		this.sources = Map.copyOf(sources);
		this.parser = parser;
	}

	/** The source configured under a name, or {@code null}. */
	@Nullable WebhookSource find(String name) {
		return this.sources.get(name);
	}

	/** The configured sources, by name. */
	List<WebhookSource> byName() {
		return this.sources.values().stream().sorted(Comparator.comparing(WebhookSource::name)).toList();
	}

	/** Whether a configured source is of this provider's type. */
	boolean anyOf(WebhookProvider provider) {
		return this.sources.values().stream().anyMatch((source) -> source.provider() == provider);
	}

	/** The term data of a body; a structured CloudEvent's attributes go into the headers. */
	Object parse(WebhookSource source, byte[] raw, MediaType contentType, DeliveryHeaders headers) {
		Object body = this.parser.parse(raw, contentType);
		return source.provider().normalize(body, contentType, headers);
	}

	@Override
	public @Nullable Trigram mapping(String source) {
		WebhookSource found = find(source);
		return (found != null) ? found.mappingPattern() : null;
	}

	/** The AppCon of a stored delivery of a configured source, parsed again as at ingestion, its stored trigram. */
	@Override
	public @Nullable AppCon rebuild(DeliveryRecord record, byte[] body, DeliveryMetadata metadata) {
		WebhookSource source = find(record.source());
		if (source == null) {
			return null;
		}
		MediaType contentType = (record.contentType() != null) ? MediaType.parseMediaType(record.contentType())
				: MediaType.APPLICATION_JSON;
		HttpHeaders stored = new HttpHeaders();
		record.headers().forEach(stored::add);
		Object parsed = parse(source, body, contentType, new DeliveryHeaders(stored));
		return new AppCon(Trigram.of(record.term(), record.action(), record.orient()), parsed, null, metadata);
	}

}
