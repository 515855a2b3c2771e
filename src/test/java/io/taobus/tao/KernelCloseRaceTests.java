package io.taobus.tao;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code setAppCon} racing {@code close}: once {@code close} has returned, drained, nothing admitted
 * before runs any more and nothing is admitted after (issue 12, item 5). Many short rounds, so that
 * a window between the closed check and the admission count would be hit.
 */
class KernelCloseRaceTests {

	static final Trigram T = Trigram.of("race", "set", "close");

	@Test
	void nothingRunsOnceADrainedCloseHasReturned() throws Exception {
		for (int round = 0; round < 200; round++) {
			Kernel kernel = Kernel.builder().maxPendingDispatches(64).build();
			AtomicInteger ran = new AtomicInteger();
			kernel.addInlineHandler(T, (ac) -> {
				ran.incrementAndGet();
				return null;
			});
			AtomicBoolean stop = new AtomicBoolean();
			CountDownLatch started = new CountDownLatch(3);
			List<Thread> callers = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				callers.add(Thread.ofPlatform().start(() -> {
					started.countDown();
					while (!stop.get()) {
						try {
							kernel.setCtx(T, null);
						}
						catch (KernelSaturatedException ex) {
							// saturated for a moment, or closed: expected
						}
					}
				}));
			}
			started.await();
			assertThat(kernel.close(Duration.ofSeconds(30))).isTrue();
			int atClose = ran.get();
			stop.set(true);
			for (Thread caller : callers) {
				caller.join();
			}
			assertThat(kernel.awaitIdle(Duration.ofSeconds(30))).isTrue();
			assertThat(ran.get()).as("handler calls after close returned, round %d", round).isEqualTo(atClose);
		}
	}

}
