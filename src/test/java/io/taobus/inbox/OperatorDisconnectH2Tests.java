package io.taobus.inbox;


import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link OperatorDisconnectTests} on the embedded default, an H2 file in a fresh directory. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "taobus.inbox.type=jdbc", "taobus.inbox.claim-interval=200ms", "taobus.example.enabled=false" })
@ActiveProfiles("e2e")
@Import(InboxHttp.Config.class)
class OperatorDisconnectH2Tests extends OperatorDisconnectTests {

	@DynamicPropertySource
	static void freshDirectory(DynamicPropertyRegistry registry) {
		InboxHttp.freshDirectory(registry);
	}

}
