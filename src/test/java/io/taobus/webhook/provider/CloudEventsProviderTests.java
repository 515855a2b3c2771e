package io.taobus.webhook.provider;

import java.util.Map;

import io.taobus.ingestion.IngestionException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CloudEvents' dedupe key and the structured mode brought to the binary mode's shape. */
class CloudEventsProviderTests {

	final CloudEventsProvider provider = new CloudEventsProvider();

	@Test
	void keysCannotCollide() {
		assertThat(CloudEventsProvider.key("a#b", "c")).isNotEqualTo(CloudEventsProvider.key("a", "b#c"));
		assertThat(CloudEventsProvider.key("a%23b", "c")).isNotEqualTo(CloudEventsProvider.key("a#b", "c"));
		assertThat(CloudEventsProvider.key("/mycontext/subcontext", "A234-1234-1234"))
			.isEqualTo("/mycontext/subcontext#A234-1234-1234");
	}

	@Test
	void aStructuredEventsAttributesBecomeHeadersAndItsDataTheBody() {
		DeliveryHeaders headers = new DeliveryHeaders(new HttpHeaders());
		Object data = this.provider.normalize(Map.of("specversion", "1.0", "id", "A234", "source", "/orders", "type",
				"com.acme.order.created", "data", Map.of("order", 7)), MediaType.parseMediaType("application/cloudevents+json"),
				headers);
		assertThat(data).isEqualTo(Map.of("order", 7));
		assertThat(headers.get("ce-type")).isEqualTo("com.acme.order.created");
		assertThat(this.provider.deliveryId(headers)).isEqualTo("/orders#A234");
	}

	@Test
	void aBinaryEventWithoutItsRequiredAttributesIs400() {
		HttpHeaders received = new HttpHeaders();
		received.add("ce-id", "A234");
		received.add("ce-source", "/orders");
		assertThatThrownBy(() -> this.provider.normalize(Map.of(), MediaType.APPLICATION_JSON, new DeliveryHeaders(received)))
			.isInstanceOf(IngestionException.class)
			.hasMessageContaining("no type attribute");
	}

}
