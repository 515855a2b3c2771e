package io.taobus.webhook.provider;

import org.springframework.core.annotation.Order;

/**
 * No verification at all: anyone who reaches the port can deliver, so a source of type {@code none}
 * must say {@code allow-unsigned: true} or taobus does not start. The body's {@code type} splits into
 * term and action, and the delivery dedupes on the body's hash unless the source names an id.
 */
@Order(8)
final class NoneProvider implements WebhookProvider {

	@Override
	public String type() {
		return "none";
	}

	@Override
	public Verifier verifier(SourceSettings source) {
		return (delivery, now) -> {
		};
	}

	@Override
	public Mapping mapping(String source) {
		return Mapping.byType(source, null);
	}

	@Override
	public boolean signed() {
		return false;
	}

}
