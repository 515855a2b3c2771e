package io.taobus.webhook;

import java.time.Duration;
import java.util.HexFormat;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The compact replay guard: a body is answered with the id it came under first, per source, for the
 * window; the oldest go first when it is full (a forgotten entry keeps its slot of the ring until it is the
 * oldest); a forgotten body passes again; and its arrays behave
 * like a map under a long random run of records, forgets and expiries (which exercises the index's
 * probe runs wrapping around and shifting back).
 */
class ReplayGuardTests {

	static final HexFormat HEX = HexFormat.of();

	static String hash(long value) {
		return "sha256:" + HEX.toHexDigits(value) + "0".repeat(48);
	}

	@Test
	void aBodyIsKnownUnderItsFirstIdPerSourceForTheWindow() {
		ReplayGuard guard = new ReplayGuard(Duration.ofSeconds(10), 100);
		assertThat(guard.recordIfAbsent("gh", hash(1), "first", 0)).isNull();
		assertThat(guard.recordIfAbsent("gh", hash(1), "forged", 5_000)).isEqualTo("first");
		assertThat(guard.recordIfAbsent("shop", hash(1), "other-source", 5_000)).isNull();
		assertThat(guard.recordIfAbsent("gh", hash(1), "after-the-window", 10_000)).isNull();
		assertThat(guard.recordIfAbsent("gh", hash(1), "forged", 10_001)).isEqualTo("after-the-window");
	}

	@Test
	void theOldestIsForgottenWhenFull() {
		ReplayGuard guard = new ReplayGuard(Duration.ofHours(1), 3);
		for (int i = 1; i <= 4; i++) {
			assertThat(guard.recordIfAbsent("gh", hash(i), "d-" + i, i)).isNull();
		}
		assertThat(guard.entries()).isEqualTo(3);
		assertThat(guard.recordIfAbsent("gh", hash(1), "again", 5)).as("evicted").isNull();
		assertThat(guard.recordIfAbsent("gh", hash(3), "again", 6)).isEqualTo("d-3");
	}

	@Test
	void aForgottenBodyPassesAgainButOnlyForTheIdThatRecordedIt() {
		ReplayGuard guard = new ReplayGuard(Duration.ofHours(1), 10);
		guard.recordIfAbsent("gh", hash(7), "refused", 0);
		guard.forget("gh", hash(7), "another");
		assertThat(guard.recordIfAbsent("gh", hash(7), "retry", 1)).isEqualTo("refused");
		guard.forget("gh", hash(7), "refused");
		assertThat(guard.entries()).isZero();
		assertThat(guard.recordIfAbsent("gh", hash(7), "retry", 2)).isNull();
	}

	@Test
	void anEntryExpiredOutOfOrderIsRecordedAnew() {
		ReplayGuard guard = new ReplayGuard(Duration.ofSeconds(10), 10);
		guard.recordIfAbsent("gh", hash(1), "late", 50_000);
		guard.recordIfAbsent("gh", hash(2), "clock-went-back", 1_000);
		assertThat(guard.recordIfAbsent("gh", hash(2), "next", 20_000)).as("expired behind a younger head").isNull();
		assertThat(guard.recordIfAbsent("gh", hash(2), "forged", 20_001)).isEqualTo("next");
	}

	@Test
	void itBehavesLikeAModelOfItsRing() {
		int capacity = 64;
		ReplayGuard guard = new ReplayGuard(Duration.ofMillis(500), capacity);
		// the model: the ring in arrival order (a forgotten entry keeps its place until it is the oldest)
		ArrayDeque<Slot> ring = new ArrayDeque<>();
		Map<Long, Slot> known = new HashMap<>();
		Random random = new Random(42);
		long now = 0;
		for (int step = 0; step < 200_000; step++) {
			now += random.nextInt(3);
			while (!ring.isEmpty() && (ring.peek().forgotten || ring.peek().expiry <= now)) {
				known.remove(ring.peek().body, ring.poll());
			}
			// few distinct bodies, all with one home slot: long probe runs that wrap around the index
			long body = random.nextInt(200) * 128L;
			String id = "d-" + step;
			Slot slot = known.get(body);
			if (random.nextInt(4) == 0) {
				String victim = (slot != null && random.nextBoolean()) ? slot.id : id;
				guard.forget("gh", hash(body), victim);
				if (slot != null && slot.id.equals(victim)) {
					slot.forgotten = true;
					known.remove(body);
				}
				continue;
			}
			String first = guard.recordIfAbsent("gh", hash(body), id, now);
			assertThat(first).as("step %d", step).isEqualTo((slot != null) ? slot.id : null);
			if (slot == null) {
				if (ring.size() == capacity) {
					known.remove(ring.peek().body, ring.poll());
				}
				Slot added = new Slot(body, id, now + 500);
				ring.add(added);
				known.put(body, added);
			}
			if (step % 1000 == 0) {
				assertThat(guard.entries()).isEqualTo(known.size());
			}
		}
	}

	static final class Slot {

		final long body;

		final String id;

		final long expiry;

		boolean forgotten;

		Slot(long body, String id, long expiry) {
			this.body = body;
			this.id = id;
			this.expiry = expiry;
		}

	}

	@Test
	void itsBoundsAreChecked() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ReplayGuard(Duration.ZERO, 10))
			.withMessageContaining("replay-window");
		assertThatIllegalArgumentException().isThrownBy(() -> new ReplayGuard(Duration.ofHours(1), 0))
			.withMessageContaining("replay-max-entries");
	}

}
