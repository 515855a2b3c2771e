package io.taobus.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * taobus: verifies webhooks and API calls over HTTP, acknowledges them at once, and turns each into
 * an AppCon on the in-process TAO bus, where intercept, async and inline handlers react.
 */
@SpringBootApplication(scanBasePackages = "io.taobus")
@ConfigurationPropertiesScan("io.taobus")
public class TaobusApplication {

	public static void main(String[] args) {
		SpringApplication.run(TaobusApplication.class, args);
	}

}
