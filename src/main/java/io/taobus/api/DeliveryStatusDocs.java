package io.taobus.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.taobus.inbox.DeliveryStatus;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The deliveries API's statuses as enums of {@link DeliveryStatus} in the OpenAPI document: the
 * {@code status} filter of {@code GET /tao/deliveries}, the {@code status} of a delivery, and that of a
 * bulk replay's filter (settled statuses only), so that Swagger UI offers a choice instead of a text
 * field. The controller and the views keep the status a string, to answer a bad one with their own
 * problem.
 */
final class DeliveryStatusDocs implements OpenApiCustomizer {

	@Override
	public void customise(OpenAPI openApi) {
		PathItem list = (openApi.getPaths() != null) ? openApi.getPaths().get("/tao/deliveries") : null;
		if (list != null && list.getGet() != null && list.getGet().getParameters() != null) {
			list.getGet().getParameters().stream()
				.filter((parameter) -> "status".equals(parameter.getName()) && "query".equals(parameter.getIn()))
				.forEach((parameter) -> statuses(parameter.getSchema(), true));
		}
		if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
			Map<String, Schema> schemas = openApi.getComponents().getSchemas();
			statuses(status(schemas.get("DeliveryView")), true);
			statuses(status(schemas.get("ReplayRequest")), false);
		}
	}

	private static @Nullable Schema<?> status(@Nullable Schema<?> schema) {
		return (schema != null && schema.getProperties() != null) ? schema.getProperties().get("status") : null;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void statuses(@Nullable Schema schema, boolean pending) {
		if (schema != null) {
			List<Object> values = new ArrayList<>(Arrays.stream(DeliveryStatus.values())
				.filter((status) -> pending || status != DeliveryStatus.PENDING)
				.map(DeliveryStatus::value)
				.toList());
			schema.setEnum(values);
		}
	}

}
