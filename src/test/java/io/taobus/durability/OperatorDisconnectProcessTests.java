package io.taobus.durability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.taobus.inbox.ClientDisconnects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reported outage, on the packaged jar and its embedded default (an H2 file): after a short signed
 * load, operators' clients disconnect mid-query on {@code GET /tao/deliveries?limit=500} and on a lookup
 * with its body, hundreds of times, while more signed deliveries arrive. Each delivery is acknowledged,
 * readiness stays UP, a later delivery is 202, and SIGTERM ends the process within the chart's grace
 * period (75 s); restarted on the same directory, every acknowledged delivery is there, completed. Before
 * the fix the disconnects closed H2 (every later delivery 503), or wedged the admission writer (no answer
 * at all, and SIGTERM did not end the process).
 */
class OperatorDisconnectProcessTests {

	static final int DELIVERIES = 600;

	@Test
	void disconnectingOperatorsNeitherCloseTheStoreNorHoldShutdown(@TempDir Path dir) throws Exception {
		Sink sink = new Sink(dir.resolve("sink.txt"));
		Map<String, String> properties = Map.of("taobus.inbox.directory", dir.resolve("data").toString(), "killtest.sink",
				sink.file().toString());
		List<String> acked = new ArrayList<>();
		try (TaobusProcess taobus = TaobusProcess.start("operator-disconnects", properties)) {
			SignedLoad.Result before = SignedLoad.run(taobus, ids("before-"), "push", 16, (acks) -> false);
			assertThat(before.acked()).as("the load before the disconnects is acknowledged").hasSize(DELIVERIES);
			String bearer = "Bearer " + TaobusProcess.TOKEN;
			SignedLoad.Result during;
			try (ExecutorService storm = Executors.newVirtualThreadPerTaskExecutor()) {
				Future<?> list = storm.submit(() -> {
					ClientDisconnects.disconnect(taobus.port(), ClientDisconnects.get("/tao/deliveries?limit=500", bearer), 300);
					return null;
				});
				Future<?> find = storm.submit(() -> {
					ClientDisconnects.disconnect(taobus.port(),
							ClientDisconnects.get("/tao/deliveries/github/before-1?body=true", bearer), 100);
					return null;
				});
				during = SignedLoad.run(taobus, ids("during-"), "push", 8, (acks) -> false);
				list.get();
				find.get();
			}
			assertThat(during.acked()).as("every delivery during the disconnects is acknowledged").hasSize(DELIVERIES);
			assertThat(SignedLoad.send(taobus, "after-1", "push")).as("a delivery after them").isEqualTo(202);
			assertThat(taobus.get("/readyz").statusCode()).isEqualTo(200);
			acked.addAll(before.acked());
			acked.addAll(during.acked());
			acked.add("after-1");
			taobus.terminate();
			assertThat(taobus.waitForExit(Duration.ofSeconds(75))).as("SIGTERM ends the process within its grace period")
				.isTrue();
		}
		try (TaobusProcess again = TaobusProcess.start("operator-disconnects-2", properties)) {
			Operator.awaitCompleted(again, acked, Duration.ofMinutes(2));
		}
	}

	private static List<String> ids(String prefix) {
		return IntStream.range(0, DELIVERIES).mapToObj((i) -> prefix + i).toList();
	}

}
