package io.taobus.observability;

import java.time.Clock;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.taobus.inbox.Inbox;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.tao.Kernel;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Wires the kernel's and the inbox's observability: the meters, the handler error log, the log of
 * deliveries no handler matched, the {@code tao} and {@code inbox} health contributors and actuator
 * endpoint, the trace of a delivery, a span per handler call and the delivery id in the MDC on its
 * handler threads; and the bus's own AppCons ({@link OperationalAppCons}). The inbox's listeners take
 * the inbox and the kernel lazily: the inbox is built with its listeners.
 */
@AutoConfiguration(afterName = { "io.taobus.autoconfigure.KernelConfiguration", "io.taobus.autoconfigure.InboxConfiguration" })
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@EnableConfigurationProperties(AlertProperties.class)
class ObservabilityConfiguration {

	static {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor(DeliveryMetadata.MDC_KEY));
	}

	@Bean
	TaoMetrics taoMetrics(MeterRegistry registry) {
		return new TaoMetrics(registry);
	}

	@Bean
	TaoGauges taoGauges(Kernel kernel) {
		return new TaoGauges(kernel);
	}

	@Bean
	IngestionMetrics ingestionMetrics(MeterRegistry registry) {
		return new IngestionMetrics(registry);
	}

	@Bean
	InboxMetrics inboxMetrics(MeterRegistry registry) {
		return new InboxMetrics(registry);
	}

	@Bean
	InboxGauges inboxGauges(Inbox inbox, Clock clock) {
		return new InboxGauges(inbox, clock);
	}

	@Bean
	InboxCallGauges inboxCallGauges(ObjectProvider<Inbox> inbox) {
		return new InboxCallGauges(() -> inbox.getObject().callTallies());
	}

	/** The gauges of every async handler, once the handlers are registered. */
	@Bean
	ApplicationListener<ApplicationStartedEvent> inboxCallGaugesOfHandlers(InboxCallGauges gauges, ObjectProvider<Kernel> kernel) {
		return (event) -> gauges.register(kernel.getObject().registrations());
	}

	@Bean
	OperationalAppCons operationalAppCons(ObjectProvider<Kernel> kernel) {
		return new OperationalAppCons(kernel::getObject, System::nanoTime);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnExpression("${taobus.observability.alerts.backlog-pending:1000} > 0")
	BacklogAlarm backlogAlarm(Inbox inbox, OperationalAppCons appCons, AlertProperties properties) {
		return new BacklogAlarm(inbox, appCons, properties.backlogPending()).start(properties.backlogInterval());
	}

	@Bean
	InboxHealthIndicator inboxHealthIndicator(Inbox inbox) {
		return new InboxHealthIndicator(inbox);
	}

	@Bean
	HandlerErrorLog handlerErrorLog() {
		return new HandlerErrorLog(System::nanoTime);
	}

	@Bean
	UnhandledDeliveryLog unhandledDeliveryLog() {
		return new UnhandledDeliveryLog(System::nanoTime);
	}

	@Bean
	TaoHealthIndicator taoHealthIndicator(Kernel kernel) {
		return new TaoHealthIndicator(kernel);
	}

	@Bean
	DeliveryObservation deliveryObservation(ObservationRegistry registry) {
		return new DeliveryObservation(registry);
	}

	@Bean
	@Order(0)
	DeliveryLinkHandler deliveryLinkHandler(ObjectProvider<Tracer> tracer) {
		return new DeliveryLinkHandler(tracer.getIfAvailable(() -> Tracer.NOOP));
	}

	@Bean
	@ConditionalOnProperty(name = "taobus.observability.handler-spans", havingValue = "true", matchIfMissing = true)
	HandlerObservation handlerObservation(ObservationRegistry registry, ObjectProvider<Tracer> tracer) {
		return new HandlerObservation(registry, tracer.getIfAvailable(() -> Tracer.NOOP));
	}

	/** The handler observation is for spans: {@code tao.handler.duration} already measures the calls. */
	@Bean
	MeterFilter handlerObservationMeters() {
		return MeterFilter.deny((id) -> id.getName().equals(HandlerObservation.NAME)
				|| id.getName().startsWith(HandlerObservation.NAME + "."));
	}

	@Bean
	@ConditionalOnProperty(name = "taobus.observability.observe-ingestion-requests", havingValue = "false",
			matchIfMissing = true)
	IngestionRequestsPredicate ingestionRequestsPredicate() {
		return new IngestionRequestsPredicate();
	}

	@Bean
	TaoEndpoint taoEndpoint(Kernel kernel, TaoMetrics metrics, Inbox inbox) {
		return new TaoEndpoint(kernel, metrics, inbox);
	}

}
