package io.taobus.observability;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.ReceiverContext;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** When a delivery gets a trace of its own, and which requests Boot's HTTP observation leaves out. */
class DeliveryObservationTests {

	final List<String> events = new CopyOnWriteArrayList<>();

	final ObservationRegistry registry = ObservationRegistry.create();

	DeliveryObservationTests() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public void onStart(Observation.Context context) {
				DeliveryObservationTests.this.events.add("start:" + context.getName());
			}

			@Override
			public void onStop(Observation.Context context) {
				DeliveryObservationTests.this.events.add("stop:" + context.getName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}
		});
	}

	@Test
	void aDeliveryNoHandlerReachesIsNeverTraced() {
		new DeliveryObservation(this.registry).of("github", true, new HttpHeaders(), Context.empty());
		assertThat(this.events).isEmpty();
	}

	@Test
	void anUnobservedRequestsHandlersRunInADeliveryObservationWithTheSendersHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		UnaryOperator<Runnable> decorator = new DeliveryObservation(this.registry).of("github", true, headers,
				Context.of(ObservationThreadLocalAccessor.KEY, Observation.NOOP));
		AtomicReference<Observation> current = new AtomicReference<>();
		Runnable task = decorator.apply(() -> current.set(this.registry.getCurrentObservation()));
		assertThat(this.events).containsExactly("start:taobus.delivery");
		task.run();
		assertThat(this.events).containsExactly("start:taobus.delivery", "stop:taobus.delivery");
		ReceiverContext<?> context = (ReceiverContext<?>) current.get().getContext();
		assertThat(context.getCarrier()).isSameAs(headers);
		assertThat(context.getLowCardinalityKeyValue("source").getValue()).isEqualTo("github");
		assertThat(this.registry.getCurrentObservation()).isNull();
	}

	@Test
	void anObservedRequestsObservationIsCarriedOverInstead() {
		Observation request = Observation.start("http.server.requests", this.registry);
		UnaryOperator<Runnable> decorator = new DeliveryObservation(this.registry).of("api", true, new HttpHeaders(),
				Context.of(ObservationThreadLocalAccessor.KEY, request));
		AtomicReference<Observation> current = new AtomicReference<>();
		decorator.apply(() -> current.set(this.registry.getCurrentObservation())).run();
		assertThat(current.get()).isSameAs(request);
		assertThat(this.events).containsExactly("start:http.server.requests");
	}

	@Test
	void bootsHttpObservationLeavesOutTheIngestionEndpointsOnly() {
		IngestionRequestsPredicate predicate = new IngestionRequestsPredicate();
		assertThat(predicate.test("http.server.requests", server("/webhooks/github"))).isFalse();
		assertThat(predicate.test("http.server.requests", server("/tao/appcons"))).isFalse();
		assertThat(predicate.test("http.server.requests", server("/tao/stream"))).isTrue();
		assertThat(predicate.test("http.server.requests", server("/actuator/health"))).isTrue();
		assertThat(predicate.test("http.server.requests", server("/webhooks"))).isTrue();
		assertThat(predicate.test("taobus.delivery", new Observation.Context())).isTrue();
	}

	private static ServerRequestObservationContext server(String path) {
		return new ServerRequestObservationContext(MockServerHttpRequest.post(path).build(), new MockServerHttpResponse(),
				java.util.Map.of());
	}

}
