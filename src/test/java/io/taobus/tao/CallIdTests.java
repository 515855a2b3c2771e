package io.taobus.tao;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link CallId}: the ids of a delivery's calls are stored in its ledger and matched by every later run
 * to skip what completed, so the function is pinned here to SHA-256 over key, hop and handler (a change
 * would make the runs after an upgrade run again what completed before it), and it gives the same id on
 * threads that compute it at the same time.
 */
class CallIdTests {

	@Test
	void anIdIsTheFirst128BitsOfSha256OverKeyHopAndHandler() {
		// printf 'github/d-1#3\0000.a1\000build' | sha256sum | cut -c1-32
		assertThat(CallId.of("github/d-1#3", "0.a1", "build").value()).isEqualTo("0d3e72f83dba8c761024f00ad31c2f7e");
	}

	@Test
	void eachInputChangesTheId() {
		CallId id = CallId.of("k", "0", "h");
		assertThat(List.of(CallId.of("k2", "0", "h"), CallId.of("k", "0.1", "h"), CallId.of("k", "0", "h2")))
			.doesNotContain(id);
		assertThat(CallId.of("k", "0", "h")).isEqualTo(id);
	}

	@Test
	void threadsComputingIdsAtOnceGetTheSameIds() throws Exception {
		List<String> expected = IntStream.range(0, 200).mapToObj((i) -> CallId.of("key-" + i, "0", "h").value()).toList();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Callable<List<String>>> tasks = IntStream.range(0, 16)
				.<Callable<List<String>>>mapToObj((t) -> () -> IntStream.range(0, 200)
					.mapToObj((i) -> CallId.of("key-" + i, "0", "h").value())
					.toList())
				.toList();
			for (Future<List<String>> ids : threads.invokeAll(tasks)) {
				assertThat(ids.get()).isEqualTo(expected);
			}
		}
	}

	@Test
	void anIdHas32HexDigits() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CallId("abc")).withMessageContaining("32 hex digits");
	}

}
