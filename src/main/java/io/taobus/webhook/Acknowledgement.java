package io.taobus.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

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

	Acknowledgement asDuplicate() {
		return new Acknowledgement(this.id, this.source, this.term, this.action, this.orient, Boolean.TRUE);
	}

}
