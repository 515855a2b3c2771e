package io.taobus.webhook;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The OpenAPI document and the Swagger UI are served, with every status of the contract documented. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@Import(E2eSupport.Config.class)
class OpenApiTests {

	@Autowired
	WebTestClient client;

	@Test
	void specDocumentsBothEndpointsEveryStatusExamplesAndTheBearerScheme() {
		WebTestClient.BodyContentSpec spec = this.client.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody();
		for (String path : new String[] { "/webhooks/{source}", "/tao/appcons" }) {
			String post = "$.paths['" + path + "'].post";
			for (String status : new String[] { "200", "202", "400", "401", "404", "405", "413", "415", "429", "503" }) {
				spec.jsonPath(post + ".responses['" + status + "'].description").exists();
			}
			spec.jsonPath(post + ".requestBody.content['application/json'].examples").exists();
		}
		spec.jsonPath("$.paths['/webhooks/{source}'].post.requestBody.content['application/json'].examples['GitHub push']").exists()
			.jsonPath("$.paths['/webhooks/{source}'].post.requestBody.content['application/json'].examples['Stripe event']").exists()
			.jsonPath("$.paths['/tao/appcons'].post.security[0].bearer").exists()
			.jsonPath("$.components.securitySchemes.bearer.scheme").isEqualTo("bearer")
			.jsonPath("$.components.schemas.Acknowledgement.properties.duplicate").exists();
	}

	@Test
	void swaggerUiIsServed() {
		this.client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
		this.client.get().uri("/webjars/swagger-ui/index.html").exchange().expectStatus().isOk();
	}

}
