package io.taobus.ingestion;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The body of a 202 (and, with {@code duplicate: true}, of the 200 for a repeated delivery): the
 * delivery id and the trigram the delivery became.
 *
 * @param id the delivery id
 * @param source the source name
 * @param term the term
 * @param action the action
 * @param orient the orient
 * @param duplicate {@code true} on a repeated delivery, absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Acknowledgement(String id, String source, String term, String action, String orient,
		@Nullable Boolean duplicate) {

	public Acknowledgement asDuplicate() {
		return new Acknowledgement(this.id, this.source, this.term, this.action, this.orient, Boolean.TRUE);
	}

	/**
	 * The JSON of this acknowledgement, as Jackson writes it, written directly: every accepted
	 * delivery is answered with one, and a mapper's writer costs more than the few fields.
	 */
	public byte[] toJson() {
		StringBuilder json = new StringBuilder(96 + this.id.length());
		member(json, "{\"id\":\"", this.id);
		member(json, "\",\"source\":\"", this.source);
		member(json, "\",\"term\":\"", this.term);
		member(json, "\",\"action\":\"", this.action);
		member(json, "\",\"orient\":\"", this.orient);
		json.append('"');
		if (this.duplicate != null) {
			json.append(",\"duplicate\":").append(this.duplicate.booleanValue());
		}
		return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void member(StringBuilder json, String prefix, String value) {
		JsonStringEncoder.getInstance().quoteAsString(value, json.append(prefix));
	}

}
