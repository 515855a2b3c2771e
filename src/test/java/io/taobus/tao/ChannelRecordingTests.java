package io.taobus.tao;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.taobus.tao.TransponderTests.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recorded cascade entered through a {@link Channel} (a request's, a stream's): the channel's private
 * handlers see what it chains and are recorded on the same hop as the kernel's handlers of that AppCon,
 * each call with its own id, and the cascade completes. (The hop of a chained AppCon was read after its
 * put-back for the private dispatch, one AppCon too early, and the cascade's thread died.)
 */
class ChannelRecordingTests {

	static final Trigram START = Trigram.of("Relay", "Start", "Test");

	static final Trigram NEXT = Trigram.of("Relay", "Next", "Test");

	final Kernel kernel = Kernel.builder().build();

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	@Test
	void aChannelsPrivateHandlersAreRecordedOnTheHopOfWhatTheCascadeChained() throws Exception {
		this.kernel.addInlineHandler(START, "start", (ac) -> AppCon.of(NEXT, null));
		this.kernel.addInlineHandler(NEXT, "next", (ac) -> null);
		Channel channel = Channel.on(this.kernel, "stream");
		List<String> seen = new CopyOnWriteArrayList<>();
		channel.addInlineHandler(Trigram.ALL, "watch", (ac) -> {
			seen.add(ac.trigram().toString());
			return null;
		});
		List<HandlerCall> calls = new CopyOnWriteArrayList<>();
		CascadeResult result = value(channel.dispatch(AppCon.of(START, null), System.nanoTime(), UnaryOperator.identity(), 0,
				"delivery", calls::add));
		assertThat(seen).containsExactly(NEXT.toString());
		assertThat(result.handlerCalls()).isEqualTo(3);
		assertThat(calls).extracting((call) -> call.hop() + " " + call.handler().name())
			.containsExactlyInAnyOrder("0 start", "0.0 watch", "0.0 next");
		assertThat(calls).extracting(HandlerCall::id).doesNotHaveDuplicates();
	}

	@Test
	void aRecordedRequestThroughATransponderGetsItsResponse() throws Exception {
		this.kernel.addInlineHandler(START, "start", (ac) -> AppCon.of(NEXT, "answer"));
		List<HandlerCall> calls = new CopyOnWriteArrayList<>();
		Transponder.Exchange exchange = Transponder.on(this.kernel, Duration.ZERO)
			.exchange(AppCon.of(START, null), System.nanoTime(), UnaryOperator.identity(), 0, "delivery", calls::add);
		assertThat(value(exchange.response())).isEqualTo(AppCon.of(NEXT, "answer"));
		assertThat(value(exchange.cascade()).handlerCalls()).isEqualTo(1);
		assertThat(calls).extracting((call) -> call.hop() + " " + call.handler().name()).containsExactly("0 start");
	}

}
