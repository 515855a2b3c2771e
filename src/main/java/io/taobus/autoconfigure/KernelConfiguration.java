package io.taobus.autoconfigure;

import java.util.List;
import java.util.function.UnaryOperator;

import io.micrometer.context.ContextSnapshotFactory;
import io.taobus.tao.HandlerHook;
import io.taobus.tao.Kernel;
import io.taobus.tao.KernelBuilder;
import io.taobus.tao.KernelListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Builds the one {@link Kernel} of the application from {@link KernelProperties}, with every
 * {@link KernelListener} bean attached, the {@link HandlerHook} bean if there is one, and Micrometer context propagation (MDC, trace) carried onto
 * every virtual thread the kernel starts.
 */
@AutoConfiguration
@EnableConfigurationProperties(KernelProperties.class)
class KernelConfiguration {

	/** Closed once, by {@link KernelLifecycle} at its shutdown phase: no destroy method (inferred from AutoCloseable). */
	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	Kernel taoKernel(KernelProperties properties, ObjectProvider<KernelListener> listeners,
			ObjectProvider<HandlerHook> hook) {
		KernelBuilder builder = Kernel.builder()
			.allowWildcardSet(properties.allowWildcardSet())
			.maxPendingDispatches(properties.maxPendingDispatches())
			.maxInflightBytes(properties.inflightBytesLimit())
			.maxCascadeDepth(properties.maxCascadeDepth())
			.closeTimeout(properties.closeTimeout())
			.handlerTimeout(properties.handlerTimeout())
			.taskDecorator(contextPropagation());
		if (properties.maxAsyncConcurrency() > 0) {
			builder.maxAsyncConcurrency(properties.maxAsyncConcurrency());
		}
		hook.ifUnique(builder::handlerHook);
		List<KernelListener> ordered = listeners.orderedStream().toList();
		ordered.forEach(builder::listener);
		return builder.build();
	}

	@Bean
	KernelLifecycle taoKernelLifecycle(Kernel kernel, KernelProperties properties) {
		return new KernelLifecycle(kernel, properties.closeTimeout());
	}

	private static UnaryOperator<Runnable> contextPropagation() {
		ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
		return (task) -> snapshots.captureAll().wrap(task);
	}

}
