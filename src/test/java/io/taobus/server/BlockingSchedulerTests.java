package io.taobus.server;

import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/** Once pinned, {@code boundedElastic} runs its tasks on platform threads, whatever Boot sets later. */
class BlockingSchedulerTests {

	@Test
	void boundedElasticRunsOnPlatformThreadsEvenAfterBootAsksForVirtualOnes() throws Exception {
		BlockingScheduler.pin();
		System.setProperty(BlockingScheduler.PROPERTY, "true");
		try {
			Boolean[] virtual = new Boolean[1];
			java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
			Schedulers.boundedElastic().schedule(() -> {
				virtual[0] = Thread.currentThread().isVirtual();
				ran.countDown();
			});
			assertThat(ran.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			assertThat(virtual[0]).isFalse();
			assertThat(Schedulers.DEFAULT_BOUNDED_ELASTIC_ON_VIRTUAL_THREADS).isFalse();
		}
		finally {
			System.setProperty(BlockingScheduler.PROPERTY, "false");
		}
	}

}
