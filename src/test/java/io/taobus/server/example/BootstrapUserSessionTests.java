package io.taobus.server.example;

import java.util.Map;

import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The demonstration's state stays bounded whatever visitor names a caller invents. */
class BootstrapUserSessionTests {

	@Test
	void sessionsAreBounded() {
		BootstrapUserSession example = new BootstrapUserSession();
		int visitors = BootstrapUserSession.MAX_SESSIONS + 5_000;
		for (int i = 0; i < visitors; i++) {
			AppCon created = example.createSession(new AppCon(Trigram.of("Session", "Create", "Portal"),
					Map.of("user", "visitor-" + i), null, null));
			assertThat(created.trigram()).isEqualTo(Trigram.of("Session", "Enter", "Portal"));
		}
		assertThat(example.sessionCount()).isLessThanOrEqualTo(BootstrapUserSession.MAX_SESSIONS).isPositive();
		assertThat(example.session("visitor-" + (visitors - 1))).isNotNull();
	}

}
