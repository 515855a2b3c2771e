package io.taobus.webhook;

/** Gives tests of other packages an {@link ApiToken} (its constructor is package-private). */
public final class TestApiTokens {

	private TestApiTokens() {
	}

	public static ApiToken of(String token) {
		return new ApiToken(token);
	}

}
