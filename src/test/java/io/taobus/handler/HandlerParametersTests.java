package io.taobus.handler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.taobus.tao.AppCon;
import io.taobus.tao.CascadeResult;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.PropertyNamingStrategies;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handler parameters as a Spring developer writes them: the event bound to a record from the term
 * data (a webhook's JSON body), the AppCon and the delivery's metadata beside it in any order; data
 * that does not fit fails the call with the handler, the type and the reason; a type Jackson cannot
 * build, or a primitive, stops the startup naming the handler.
 */
class HandlerParametersTests {

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(KernelConfig.class, HandlerConfiguration.class);

	@Test
	void theEventIsBoundToARecordAndTheOtherParametersGetTheirData() {
		this.runner.withBean(Billing.class).run((context) -> {
			CascadeResult result = dispatch(context.getBean(Kernel.class), Map.of("id", "evt_1", "data",
					Map.of("object", Map.of("id", "in_1", "amount_paid", 2000, "currency", "usd"))));
			assertThat(result.failed()).isFalse();
			Billing billing = context.getBean(Billing.class);
			assertThat(billing.paid).containsExactly(new InvoicePaid("evt_1", new InvoicePaid.Data(new Invoice("in_1", 2000L, "usd"))));
			assertThat(billing.metadata).containsExactly(new Metadata("stripe", "evt_1"));
			assertThat(billing.appCons).extracting(AppCon::trigram).containsExactly(Trigram.of("invoice", "paid", "stripe"));
		});
	}

	@Test
	void aCallIdParameterGetsTheStableIdOfTheCallInARecordedCascade() {
		this.runner.withBean(Keyed.class).run((context) -> {
			Kernel kernel = context.getBean(Kernel.class);
			List<io.taobus.tao.HandlerCall> recorded = new CopyOnWriteArrayList<>();
			AppCon appCon = AppCon.of(Trigram.of("invoice", "paid", "stripe"), Map.of("id", "evt_1"));
			kernel.dispatch(appCon, System.nanoTime(), UnaryOperator.identity(), 0, "stripe/evt_1", recorded::add)
				.toCompletableFuture().get(20, TimeUnit.SECONDS);
			dispatch(kernel, Map.of("id", "evt_2"));
			Keyed keyed = context.getBean(Keyed.class);
			assertThat(recorded).hasSize(1);
			assertThat(keyed.ids).containsExactly(recorded.getFirst().id(), null);
		});
	}

	@Test
	void dataThatDoesNotFitFailsTheCallNamingTheHandlerAndTheType() {
		this.runner.withBean(Billing.class).run((context) -> {
			CascadeResult result = dispatch(context.getBean(Kernel.class),
					Map.of("id", "evt_2", "data", Map.of("object", Map.of("id", "in_2", "amount_paid", "a lot"))));
			assertThat(result.failed()).isTrue();
			assertThat(result.failure()).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("TAO handler Billing#onPaid could not bind the term data to InvoicePaid")
				.hasMessageContaining("a lot");
			assertThat(context.getBean(Billing.class).paid).isEmpty();
		});
	}

	@Test
	void termDataOfTheTypeAlreadyIsPassedAsItIs() {
		this.runner.withBean(Billing.class).run((context) -> {
			InvoicePaid event = new InvoicePaid("evt_3", null);
			Kernel kernel = context.getBean(Kernel.class);
			kernel.dispatch(new AppCon(Trigram.of("invoice", "paid", "stripe"), event, null, null), System.nanoTime(),
					UnaryOperator.identity()).toCompletableFuture().get(20, TimeUnit.SECONDS);
			assertThat(context.getBean(Billing.class).paid).singleElement().isSameAs(event);
			assertThat(context.getBean(Billing.class).metadata).containsExactly((Metadata) null);
		});
	}

	@Test
	void aTypeJacksonCannotBuildStopsTheStartupNamingTheHandler() {
		this.runner.withBean(Unbindable.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("TAO handler Unbindable#on takes a Payment that Jackson cannot build");
		});
	}

	@Test
	void aPrimitiveParameterStopsTheStartup() {
		this.runner.withBean(Primitive.class).run((context) -> assertThat(context.getStartupFailure())
			.hasStackTraceContaining("TAO handler Primitive#on has a parameter of primitive type long"));
	}

	private static CascadeResult dispatch(Kernel kernel, Map<String, Object> body) throws Exception {
		AppCon appCon = new AppCon(Trigram.of("invoice", "paid", "stripe"), body, null,
				new Metadata("stripe", (String) body.get("id")));
		return kernel.dispatch(appCon, System.nanoTime(), UnaryOperator.identity()).toCompletableFuture()
			.get(20, TimeUnit.SECONDS);
	}

	/** A Stripe event, as a user's record would take it. */
	record InvoicePaid(String id, Data data) {

		record Data(Invoice object) {

		}

	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Invoice(String id, Long amountPaid, String currency) {

	}

	/** What a delivery carries as orient data (taobus's own is {@code DeliveryMetadata}). */
	record Metadata(String source, String deliveryId) {

	}

	static class Billing {

		final List<InvoicePaid> paid = new CopyOnWriteArrayList<>();

		final List<Metadata> metadata = new CopyOnWriteArrayList<>();

		final List<AppCon> appCons = new CopyOnWriteArrayList<>();

		@TaoInline(term = "invoice", action = "paid")
		void onPaid(AppCon appCon, InvoicePaid event, Metadata delivery) {
			this.appCons.add(appCon);
			this.paid.add(event);
			this.metadata.add(delivery);
		}

	}

	interface Payment {

	}

	static class Unbindable {

		@TaoAsync(term = "payment")
		void on(Payment payment) {
		}

	}

	static class Primitive {

		@TaoInline(term = "count")
		void on(long count) {
		}

	}

	static class Keyed {

		final List<io.taobus.tao.@org.jspecify.annotations.Nullable CallId> ids = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

		@TaoInline(term = "invoice", action = "paid")
		void onPaid(io.taobus.tao.CallId id, AppCon appCon) {
			this.ids.add(id);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class KernelConfig {

		@Bean(destroyMethod = "close")
		Kernel kernel() {
			return Kernel.builder().build();
		}

	}

}
