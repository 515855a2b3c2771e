package io.taobus.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SyncReply}: {@code ack} is no reply, {@code sync} one; a mode, a timeout or an origin that
 * cannot work stops startup naming the property; a follow-up URL is called only on one of the origins.
 */
class SyncReplyTests {

	static WebhookProperties.Source.Reply reply(String mode, Duration timeout, String... origins) {
		return new WebhookProperties.Source.Reply(mode, timeout, List.of(origins));
	}

	@Test
	void ackIsNoReplyAndSyncOne() {
		assertThat(SyncReply.of("slack", WebhookProperties.Source.Reply.ACK)).isNull();
		assertThat(SyncReply.of("slack", reply(" SYNC ", Duration.ofSeconds(2), "https://hooks.slack.com/")))
			.isEqualTo(new SyncReply(false, Duration.ofSeconds(2), List.of("https://hooks.slack.com")));
		assertThat(SyncReply.of("github", reply("inline", Duration.ofSeconds(5))))
			.isEqualTo(new SyncReply(true, Duration.ofSeconds(5), List.of()));
	}

	@Test
	void settingsThatCannotWorkStopStartupNamingTheProperty() {
		assertThatThrownBy(() -> SyncReply.of("slack", reply("later", Duration.ofSeconds(2))))
			.hasMessage("taobus.webhooks.sources.slack.reply.mode must be ack, sync or inline, was 'later'");
		assertThatThrownBy(() -> SyncReply.of("slack", reply("sync", Duration.ZERO)))
			.hasMessage("taobus.webhooks.sources.slack.reply.timeout must be positive, was PT0S");
		for (String origin : List.of("hooks.slack.com", "https://hooks.slack.com/commands", "ftp://hooks.slack.com",
				"https://user@hooks.slack.com", "https://hooks.slack.com?x=1", "::")) {
			assertThatThrownBy(() -> SyncReply.of("slack", reply("sync", Duration.ofSeconds(2), origin)))
				.as(origin).hasMessageStartingWith("taobus.webhooks.sources.slack.reply.follow-up-origins: '" + origin + "'");
		}
	}

	@Test
	void aFollowUpUrlIsCalledOnlyOnOneOfTheOrigins() {
		SyncReply reply = SyncReply.of("slack", reply("sync", Duration.ofSeconds(2), "https://hooks.slack.com"));
		assertThat(reply.mayFollowUp(URI.create("https://hooks.slack.com/commands/T1/2/x"))).isTrue();
		assertThat(reply.mayFollowUp(URI.create("HTTPS://Hooks.Slack.com/commands/T1/2/x"))).isTrue();
		for (String url : List.of("http://hooks.slack.com/commands/x", "https://hooks.slack.com.evil.example/x",
				"https://evil.example/?https://hooks.slack.com", "https://hooks.slack.com:8443/x",
				"https://user@hooks.slack.com/x", "/commands/x")) {
			assertThat(reply.mayFollowUp(URI.create(url))).as(url).isFalse();
		}
	}

}
