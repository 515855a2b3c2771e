package io.taobus.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.taobus.E2eSupport;
import io.taobus.handler.TaoInline;
import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live stream per channel over real HTTP: a client watching {@code ?channel=mine} receives what its
 * own requests chain ({@code Taobus-Channel: mine}, on {@code /tao/appcons} and {@code /tao/context}), not
 * the requests themselves, and nothing of a request sent without the header or to another channel;
 * a channel id that cannot be one is a 400 on both sides; once its last watcher leaves, the channel is
 * gone and requests naming it run as any other.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient(timeout = "PT30S")
@Import({ E2eSupport.Config.class, ChannelStreamTests.Relay.class })
class ChannelStreamTests {

	static final String TOKEN = "Bearer test-api-token";

	@Autowired
	WebTestClient client;

	@Autowired
	ChannelStreams channels;

	WebTestClient.ResponseSpec post(String path, Map<String, Object> body, String channel) {
		WebTestClient.RequestBodySpec request = this.client.post().uri(path).contentType(MediaType.APPLICATION_JSON)
			.header("Authorization", TOKEN);
		if (channel != null) {
			request.header(ChannelStreams.HEADER, channel);
		}
		return request.bodyValue(body).exchange();
	}

	static Map<String, Object> relay(String who) {
		return Map.of("term", "Relay", "action", "Start", "orient", "Test", "data", Map.of("term", who));
	}

	@Test
	void aChannelsStreamCarriesWhatItsOwnRequestsChainAndNothingElse() {
		Flux<ServerSentEvent<Map<String, Object>>> stream = this.client.get().uri("/tao/stream?channel=mine")
			.header("Authorization", TOKEN)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
			})
			.getResponseBody();
		post("/tao/appcons", relay("theirs"), "other").expectStatus().isAccepted();
		post("/tao/appcons", relay("nobody's"), null).expectStatus().isAccepted();
		post("/tao/appcons", relay("mine"), "mine").expectStatus().isAccepted();
		post("/tao/context", Map.of("term", "Quote", "action", "Ask", "orient", "Api", "data",
				Map.of("term", Map.of("symbol", "MINE"))), "mine").expectStatus().isOk();
		List<String> seen = stream.filter((event) -> event.data() != null)
			.map((event) -> event.data().get("term") + "|" + event.data().get("action") + "|" + event.data().get("orient")
					+ " " + ((Map<?, ?>) event.data().get("data")).get(event.data().get("term")))
			.take(3)
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(seen).containsExactlyInAnyOrder("Relay|Next|Test mine", "Relay|Done|Test mine",
				"Quote|Given|Api {symbol=MINE, price=58.5}");
		// the client left: its channel is closed, and a request naming it runs as any other
		await().atMost(Duration.ofSeconds(10)).until(() -> this.channels.channel("mine") == null);
		assertThat(this.channels.channels()).isZero();
	}

	@Test
	void aChannelIdThatCannotBeOneIs400AndAnUnwatchedOneRunsAsAnyOther() {
		this.client.get().uri("/tao/stream?channel=no spaces").header("Authorization", TOKEN).exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.outcome").isEqualTo("invalid_request");
		post("/tao/appcons", relay("x"), "x".repeat(65)).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.outcome").isEqualTo("malformed");
		post("/tao/appcons", relay("x"), "nobody-watches").expectStatus().isAccepted();
		assertThat(this.channels.channel("nobody-watches")).isNull();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Relay {

		@Bean
		Relays relays() {
			return new Relays();
		}

	}

	/** Relay Start chains Relay Next, which chains Relay Done, each with the request's term data. */
	static class Relays {

		@TaoInline(term = "Relay", action = "Start")
		AppCon start(AppCon appCon) {
			return AppCon.of(Trigram.of("Relay", "Next", "Test"), appCon.termData());
		}

		@TaoInline(term = "Relay", action = "Next")
		AppCon next(AppCon appCon) {
			return AppCon.of(Trigram.of("Relay", "Done", "Test"), appCon.termData());
		}

	}

}
