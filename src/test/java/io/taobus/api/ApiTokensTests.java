package io.taobus.api;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which token passes which scope, and what a refusal says. */
class ApiTokensTests {

	final ApiTokens tokens = new ApiTokens(List.of("all-scopes"),
			Map.of(ApiTokens.Scope.WRITE, List.of("writer", "writer-next"), ApiTokens.Scope.READ, List.of("reader")));

	@Test
	void aScopedTokenPassesItsScopeOnly() {
		assertThat(this.tokens.accepts(ApiTokens.Scope.WRITE, "Bearer writer")).isTrue();
		assertThat(this.tokens.accepts(ApiTokens.Scope.WRITE, "bearer writer-next")).isTrue();
		assertThat(this.tokens.accepts(ApiTokens.Scope.READ, "Bearer writer")).isFalse();
		assertThat(this.tokens.accepts(ApiTokens.Scope.ADMIN, "Bearer writer")).isFalse();
		assertThat(this.tokens.accepts(ApiTokens.Scope.READ, "Bearer reader")).isTrue();
		assertThat(this.tokens.accepts(ApiTokens.Scope.WRITE, "Bearer reader")).isFalse();
	}

	@Test
	void theGeneralTokenPassesEveryScope() {
		for (ApiTokens.Scope scope : ApiTokens.Scope.values()) {
			assertThat(this.tokens.accepts(scope, "Bearer all-scopes")).isTrue();
		}
	}

	@Test
	void noHeaderAnotherSchemeOrAPrefixOfATokenFails() {
		for (String authorization : new String[] { null, "", "Basic writer", "Bearer ", "Bearer write", "Bearer writerx",
				"writer" }) {
			assertThat(this.tokens.accepts(ApiTokens.Scope.WRITE, authorization)).as(authorization).isFalse();
		}
	}

	@Test
	void aScopeWithoutATokenRefusesEverythingAndSaysSo() {
		ApiTokens none = new ApiTokens(List.of(), Map.of(ApiTokens.Scope.READ, List.of("reader", " ")));
		assertThat(none.configured(ApiTokens.Scope.READ)).isTrue();
		assertThat(none.configured(ApiTokens.Scope.ADMIN)).isFalse();
		assertThat(none.accepts(ApiTokens.Scope.ADMIN, "Bearer ")).isFalse();
		assertThat(none.accepts(ApiTokens.Scope.ADMIN, "Bearer  ")).isFalse();
		assertThatThrownBy(() -> none.check(ApiTokens.Scope.ADMIN, "Bearer reader"))
			.isInstanceOfSatisfying(ResponseStatusException.class, (ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
				assertThat(ex.getReason()).contains("no token is configured for the admin scope");
				assertThat(ex.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo(ApiTokens.CHALLENGE);
				assertThat(ex.getBody().getProperties()).containsEntry("outcome", "unauthorized");
			});
	}

}
