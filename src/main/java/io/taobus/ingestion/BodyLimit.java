package io.taobus.ingestion;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * The largest body an ingestion endpoint or a webhook source reads, with the property that set it, so
 * that a refusal (413) and the OpenAPI document name the setting to change. Every configured limit is
 * checked here, from 1 byte to 2 GB (a body is read into one array).
 *
 * @param bytes the limit
 * @param property the property that sets it, such as {@code taobus.webhooks.max-body-size}
 */
public record BodyLimit(int bytes, String property) {

	private static final long MAX = Integer.MAX_VALUE - 8;

	public BodyLimit {
		if (bytes < 1 || bytes > MAX) {
			throw new IllegalArgumentException(property + " must be between 1B and 2GB, was " + bytes + "B");
		}
	}

	/**
	 * The limit of a configured size.
	 * @throws IllegalArgumentException naming the property when the size is below 1 byte or above 2 GB
	 */
	public static BodyLimit of(DataSize size, String property) {
		long bytes = size.toBytes();
		if (bytes < 1 || bytes > MAX) {
			throw new IllegalArgumentException(property + " must be between 1B and 2GB, was " + size);
		}
		return new BodyLimit((int) bytes, property);
	}

	/** The refusal of a larger body: 413, naming the limit and its property. */
	IngestionException tooLarge() {
		return new IngestionException(HttpStatus.CONTENT_TOO_LARGE, IngestionOutcome.TOO_LARGE, detail());
	}

	/** The detail of {@link #tooLarge}. */
	String detail() {
		return "the body is larger than " + this.bytes + " bytes (" + this.property + ")";
	}

	/** The limit in its largest whole unit, as a property would set it ({@code 25MB}), for logs and documents. */
	@Override
	public String toString() {
		String[] units = { "B", "KB", "MB", "GB" };
		long value = this.bytes;
		int unit = 0;
		while (unit < units.length - 1 && value % 1024 == 0) {
			value /= 1024;
			unit++;
		}
		return value + units[unit];
	}

}
