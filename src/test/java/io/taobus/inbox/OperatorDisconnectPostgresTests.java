package io.taobus.inbox;

import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link OperatorDisconnectTests} on a real PostgreSQL, a fresh database. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "taobus.inbox.type=jdbc", "taobus.inbox.claim-interval=200ms", "taobus.example.enabled=false" })
@ActiveProfiles("e2e")
@Import(InboxHttp.Config.class)
@DirtiesContext
class OperatorDisconnectPostgresTests extends OperatorDisconnectTests {

	static String database;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		database = TestPostgres.createDatabase("taobus_disconnect_");
		registry.add("spring.datasource.url", () -> TestPostgres.ADMIN_URL.substring(0, TestPostgres.ADMIN_URL.lastIndexOf('/') + 1) + database);
		registry.add("spring.datasource.username", () -> TestPostgres.USER);
		registry.add("spring.datasource.password", () -> TestPostgres.PASSWORD);
	}

	@AfterAll
	static void dropDatabase() throws Exception {
		if (database != null) {
			TestPostgres.dropDatabase(database);
		}
	}

}
