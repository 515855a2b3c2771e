package io.taobus.api;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The one documented switch that takes the OpenAPI UI and spec off the public port. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "springdoc.api-docs.enabled=false")
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
class OpenApiSwitchTests {

	@Autowired
	WebTestClient client;

	@Test
	void apiDocsDisabledTakesTheUiAndTheSpecOff() {
		this.client.get().uri("/v3/api-docs").exchange().expectStatus().isNotFound();
		this.client.get().uri("/swagger-ui.html").exchange().expectStatus().isNotFound();
		this.client.get().uri("/swagger-ui/index.html").exchange().expectStatus().isNotFound();
	}

}
