package io.taobus.durability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar on its embedded store (the default: an H2 file under {@code taobus.inbox.directory})
 * under concurrent signed load, SIGKILLed mid-load and restarted on the same directory: every delivery
 * that got a 2xx is stored, reaches {@code completed} and its handler ran; resending it gives 200
 * duplicate; nothing ran that was never sent. And a poison delivery, whose handler halts the JVM every
 * time, ends {@code dead} after {@code max-attempts}, the process restarted after each death. And a
 * delivery whose cascade failed, SIGKILLed during its retry's backoff, is retried by the restarted
 * process without repeating the call its first run completed.
 */
class EmbeddedKillTests {

	static final int DELIVERIES = 1200;

	@Test
	void sigkillMidLoadLosesNoAcknowledgedDelivery(@TempDir Path dir) throws Exception {
		Sink sink = new Sink(dir.resolve("sink.txt"));
		Map<String, String> properties = Map.of("taobus.inbox.directory", dir.resolve("data").toString(), "killtest.sink",
				sink.file().toString(), "taobus.inbox.lease-duration", "3s");
		List<String> ids = IntStream.range(0, DELIVERIES).mapToObj((i) -> "kill-" + i).toList();
		SignedLoad.Result load;
		long killedPid;
		try (TaobusProcess first = TaobusProcess.start("embedded-1", properties)) {
			killedPid = first.pid();
			load = SignedLoad.run(first, ids, "push", 32, (acks) -> {
				if (acks >= DELIVERIES / 3) {
					first.kill();
					return true;
				}
				return false;
			});
		}
		assertThat(load.killed()).isTrue();
		assertThat(load.acked()).hasSizeGreaterThanOrEqualTo(DELIVERIES / 3);
		assertThat(load.refused()).as("nothing is refused before the kill").isEmpty();
		try (TaobusProcess second = TaobusProcess.start("embedded-2", properties)) {
			Operator.awaitCompleted(second, load.acked(), Duration.ofMinutes(2));
			Set<String> ran = sink.ids();
			assertThat(ran).as("every acknowledged delivery's handler ran").containsAll(load.acked());
			for (String id : load.acked()) {
				assertThat(SignedLoad.send(second, id, "push")).as("a resend of " + id).isEqualTo(200);
			}
			// the senders retry what was never answered: each is stored and runs once more at most
			for (String id : load.inDoubt()) {
				assertThat(SignedLoad.send(second, id, "push")).isIn(200, 202);
			}
			Operator.awaitCompleted(second, load.inDoubt(), Duration.ofMinutes(2));
			assertThat(sink.ids()).as("nothing ran that was never sent").isSubsetOf(new HashSet<>(ids))
				.containsAll(load.inDoubt());
			long recovered = sink.runs().stream().filter((run) -> run.pid() == second.pid() && run.attempt() > 1).count();
			long twice = sink.counts().values().stream().filter((count) -> count > 1).count();
			Operator.figures("embedded kill test: %d sent, %d acknowledged before SIGKILL of pid %d, %d in doubt; lost 0;"
				.formatted(DELIVERIES, load.acked().size(), killedPid, load.inDoubt().size())
					+ " %d recovered by the restarted process, %d ran twice (at least once)".formatted(recovered, twice));
		}
	}

	/**
	 * Issue 17: a delivery whose cascade failed waits for its automatic retry; the process is SIGKILLed
	 * during the backoff; once restarted it runs the retry when due, skipping the call the first run
	 * completed. Backoff 5 s of wall time (a process cannot take a test clock): the kill comes as soon as the
	 * failure is on record, well within it.
	 */
	@Test
	void aRetryInItsBackoffWhenTheProcessIsKilledRunsAfterTheRestartWithoutRepeatingWhatCompleted(@TempDir Path dir)
			throws Exception {
		Sink sink = new Sink(dir.resolve("sink.txt"));
		Map<String, String> properties = Map.of("taobus.inbox.directory", dir.resolve("data").toString(), "killtest.sink",
				sink.file().toString(), "taobus.inbox.lease-duration", "3s", "taobus.inbox.retry-backoff", "5s");
		long killedPid;
		try (TaobusProcess first = TaobusProcess.start("backoff-1", properties)) {
			killedPid = first.pid();
			assertThat(SignedLoad.send(first, "flaky-1", "flaky")).isEqualTo(202);
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
				.until(() -> Operator.status(first, "github", "flaky-1").equals("failed"));
			first.kill();
		}
		assertThat(sink.counts()).as("the charge completed, the notification failed, no retry yet")
			.containsEntry("flaky-1#charge", 1L).containsEntry("flaky-1#notify", 1L);
		try (TaobusProcess second = TaobusProcess.start("backoff-2", properties)) {
			Operator.awaitCompleted(second, List.of("flaky-1"), Duration.ofMinutes(1));
			assertThat(sink.counts()).as("the retry skipped the completed charge and ran the notification again")
				.containsEntry("flaky-1#charge", 1L).containsEntry("flaky-1#notify", 2L);
			assertThat(sink.runs()).filteredOn((run) -> run.deliveryId().equals("flaky-1#notify"))
				.extracting(Sink.Run::pid).containsExactly(killedPid, second.pid());
			Operator.figures("embedded kill during a retry's backoff: pid %d killed after the failure, the restarted pid %d"
				.formatted(killedPid, second.pid()) + " ran the retry, the completed call skipped");
		}
	}

	@Test
	void aDeliveryThatKillsTheJvmEveryTimeEndsDead(@TempDir Path dir) throws Exception {
		Sink sink = new Sink(dir.resolve("sink.txt"));
		Map<String, String> properties = Map.of("taobus.inbox.directory", dir.resolve("data").toString(), "killtest.sink",
				sink.file().toString(), "taobus.inbox.lease-duration", "2s", "taobus.inbox.max-attempts", "3");
		TaobusProcess[] current = { TaobusProcess.start("poison-0", properties) };
		// the response may or may not leave before the handler halts the JVM: the row is committed first
		SignedLoad.send(current[0], "poison-1", "poison");
		int deaths = 0;
		while (true) {
			// this process dies (its run, or recovery's claim, ran the poison), or it found the row dead
			await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> !current[0].isAlive() || isDead(current[0]));
			if (current[0].isAlive()) {
				break;
			}
			deaths++;
			assertThat(deaths).as("a poison delivery runs at most max-attempts times").isLessThanOrEqualTo(3);
			// recovery may claim the poison, and halt, before the process is ready: not waited for
			current[0] = TaobusProcess.launch("poison-" + deaths, properties);
		}
		TaobusProcess taobus = current[0];
		try (TaobusProcess last = taobus) {
			assertThat(Operator.status(last, "github", "poison-1")).isEqualTo("dead");
			assertThat(deaths).isEqualTo(3);
			assertThat(sink.runs()).extracting(Sink.Run::attempt).containsExactly(1, 2, 3);
			Operator.figures("poison: dead after %d process deaths, attempts %d".formatted(deaths,
					Operator.attempts(last, "github", "poison-1")));
		}
	}

	private static boolean isDead(TaobusProcess taobus) {
		try {
			return Operator.status(taobus, "github", "poison-1").equals("dead");
		}
		catch (Exception ex) {
			return false;
		}
	}

}
