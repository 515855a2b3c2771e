package io.taobus.ingestion;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Deadlines}: a stage's result within the time, a {@link TimeoutException} past it, and the stage
 * itself never completed nor cancelled by the deadline or by a caller that hangs up, so that what hangs off
 * it still runs.
 */
class DeadlinesTests {

	@Test
	void aStageThatCompletesInTimeGivesItsResult() {
		CompletableFuture<String> stage = new CompletableFuture<>();
		StepVerifier.create(Deadlines.within(stage, Duration.ofMinutes(1)))
			.then(() -> stage.complete("stored"))
			.expectNext("stored")
			.verifyComplete();
	}

	@Test
	void aStageThatFailsGivesItsErrorAsItIs() {
		IllegalStateException failure = new IllegalStateException("down");
		StepVerifier.create(Deadlines.within(CompletableFuture.failedFuture(failure), Duration.ofMinutes(1)))
			.expectErrorSatisfies((error) -> assertThat(error).isSameAs(failure))
			.verify();
	}

	@Test
	void pastTheDeadlineTheAnswerTimesOutWhileTheStageGoesOnAndWhatHangsOffItRuns() {
		CompletableFuture<String> stage = new CompletableFuture<>();
		AtomicReference<String> ranAfter = new AtomicReference<>();
		stage.thenAccept(ranAfter::set);
		StepVerifier.create(Deadlines.within(stage, Duration.ofMillis(1)))
			.expectError(TimeoutException.class)
			.verify(Duration.ofSeconds(30));
		assertThat(stage).isNotDone();
		stage.complete("late");
		assertThat(ranAfter).hasValue("late");
	}

	@Test
	void aCallerThatHangsUpDoesNotCancelTheStage() {
		CompletableFuture<String> stage = new CompletableFuture<>();
		Disposable answer = Deadlines.within(stage, Duration.ofMinutes(1)).subscribe();
		answer.dispose();
		assertThat(stage).isNotDone();
		assertThat(stage.complete("stored")).isTrue();
	}

}
