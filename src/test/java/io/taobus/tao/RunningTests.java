package io.taobus.tao;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The set of running kernel threads: a thread that left is never interrupted, one still running
 * always is, however many entered and left around it and whatever the sweeps unlinked meanwhile.
 */
class RunningTests {

	@Test
	void interruptsOnlyTheThreadsThatHaveNotLeft() throws Exception {
		Running running = new Running();
		CountDownLatch entered = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger interrupted = new AtomicInteger();
		List<Thread> stayers = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			stayers.add(Thread.ofVirtual().start(() -> {
				Running.Entry entry = running.enter();
				entered.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					interrupted.incrementAndGet();
				}
				running.leave(entry);
			}));
		}
		entered.await();
		Running.Entry left = running.enter();
		running.leave(left);
		assertThat(Thread.currentThread().isInterrupted()).isFalse();

		assertThat(running.interruptAll()).isEqualTo(2);
		for (Thread stayer : stayers) {
			stayer.join();
		}
		assertThat(interrupted).hasValue(2);
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		assertThat(running.size()).isZero();
	}

	@Test
	void sweepsUnlinkWhatLeftAndKeepWhatRuns() throws Exception {
		Running running = new Running();
		Running.Entry first = running.enter();
		List<Running.Entry> stays = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			Running.Entry entry = running.enter();
			if (i % 1000 == 0) {
				stays.add(entry);
			}
			else {
				running.leave(entry);
			}
		}
		Running.Entry top = running.enter();
		running.sweep();

		assertThat(running.size()).isEqualTo(stays.size() + 2);
		assertThat(running.linked()).isEqualTo(stays.size() + 2);
		running.leave(top);
		running.leave(first);
		stays.forEach(running::leave);
		running.sweep();
		assertThat(running.size()).isZero();
		assertThat(running.linked()).isEqualTo(1); // the top stays linked until a later sweep
	}

	@Test
	void concurrentEntriesAndSweepsLoseNoRunningThread() throws Exception {
		Running running = new Running();
		int threads = 8;
		int rounds = 20_000;
		CountDownLatch done = new CountDownLatch(threads);
		List<Running.Entry> kept = java.util.Collections.synchronizedList(new ArrayList<>());
		for (int t = 0; t < threads; t++) {
			Thread.ofPlatform().start(() -> {
				for (int i = 0; i < rounds; i++) {
					Running.Entry entry = running.enter();
					if (i % 5000 == 0) {
						kept.add(entry);
					}
					else {
						running.leave(entry);
					}
					if (i % 97 == 0) {
						running.sweep();
					}
				}
				done.countDown();
			});
		}
		done.await();
		running.sweep();

		assertThat(running.size()).isEqualTo(kept.size()).isEqualTo(threads * (rounds / 5000));
		assertThat(running.linked()).isLessThanOrEqualTo(kept.size() + Running.STRIPES); // each stack's top stays
	}

}
