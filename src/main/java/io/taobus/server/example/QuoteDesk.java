package io.taobus.server.example;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taobus.handler.TaoInline;
import io.taobus.handler.TaoResponse;
import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * A response handler, shipped as a demonstration of request and response over the TAO:
 * {@code POST /tao/context} with {@code Quote Ask Api} and {@code {"symbol": "ACME"}} as term data is
 * answered {@code Quote Given Api} with the symbol's price, computed here from the symbol alone so that
 * the same question always gets the same answer; and as the Slack slash command {@code /quote}. On with
 * the other demonstrations
 * ({@code taobus.example.enabled=true}, set by the {@code dev} profile).
 */
@Component
@ConditionalOnBooleanProperty(name = "taobus.example.enabled")
public class QuoteDesk {

	static final Trigram GIVEN = Trigram.of("Quote", "Given", "Api");

	static final Trigram SLACK_REPLY = Trigram.of("Slack", "Reply", "slack");

	@TaoInline(term = "Quote", action = "Ask", orient = "Api")
	@TaoResponse
	AppCon quote(Ask ask) {
		if (ask.symbol() == null || ask.symbol().isBlank()) {
			throw new IllegalArgumentException("a quote needs a symbol");
		}
		return AppCon.of(GIVEN, new Quote(ask.symbol(), price(ask.symbol())));
	}

	/**
	 * The same desk as a Slack slash command ({@code /quote ACME} on a source named {@code slack} with
	 * {@code reply.mode: sync}): the message Slack shows the user who asked.
	 */
	@TaoInline(term = "/quote", orient = "slack")
	@TaoResponse
	AppCon slash(Map<String, String> command) {
		String symbol = (command.get("text") != null) ? command.get("text").strip() : "";
		String text = symbol.isEmpty() ? "Usage: /quote SYMBOL" : symbol + " is at " + price(symbol);
		return AppCon.of(SLACK_REPLY, new SlackMessage("ephemeral", text));
	}

	/** A price in cents' steps of 0.5, from the symbol's letters: a stand-in for a market. */
	static double price(String symbol) {
		int sum = 0;
		for (int i = 0; i < symbol.length(); i++) {
			sum += symbol.charAt(i);
		}
		return (sum % 200) / 2.0 + 10;
	}

	/**
	 * The question.
	 * @param symbol the symbol to quote
	 */
	record Ask(String symbol) {
	}

	/**
	 * A message Slack shows ({@code ephemeral}: only to the user who asked).
	 * @param responseType {@code ephemeral} or {@code in_channel}
	 * @param text the text
	 */
	record SlackMessage(@JsonProperty("response_type") String responseType, String text) {
	}

	/**
	 * The answer.
	 * @param symbol the symbol quoted
	 * @param price its price
	 */
	record Quote(String symbol, double price) {
	}

}
