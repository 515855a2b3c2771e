package io.taobus.observability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.taobus.tao.Kernel;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** Temporary: dumps the scrape after traffic, for the figures. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@Import(ScrapeTraffic.Handlers.class)
class ScrapeFiguresTests {

	@LocalServerPort
	int port;

	@Autowired
	Kernel kernel;

	@Test
	void dump() throws Exception {
		ScrapeTraffic traffic = new ScrapeTraffic(this.port);
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		for (int i = 0; i < 400; i++) {
			traffic.round();
			http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + "/tao/appcons"))
				.header("Authorization", "Bearer test-api-token").header("Content-Type", "application/json")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"term\":\"App\",\"action\":\"Enter\",\"orient\":\"Portal\",\"data\":{\"term\":{\"user\":\"u" + (i % 20) + "\"}}}")).build(),
				java.net.http.HttpResponse.BodyHandlers.ofString());
		}
		this.kernel.awaitIdle(Duration.ofSeconds(30));
		String tag = System.getProperty("figures", "before");
		Files.writeString(Path.of("/tmp/ops-measure/scrape-" + tag + ".om.txt"), traffic.scrape());
		Files.writeString(Path.of("/tmp/ops-measure/scrape-" + tag + ".txt"), http.send(java.net.http.HttpRequest.newBuilder(
				java.net.URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus")).build(),
				java.net.http.HttpResponse.BodyHandlers.ofString()).body());
	}

}
