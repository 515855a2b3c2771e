package io.taobus.server;

import io.taobus.dev.DevProfile;
import io.taobus.handler.HandlerPackagesRegistrar;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The taobus service: the library's auto-configuration, which verifies webhooks and API calls over
 * HTTP, stores and acknowledges them, and turns each into an AppCon on the in-process TAO bus; plus
 * what only the service has: its configuration ({@link ServiceDefaults}), its embedded store as the
 * application's database ({@link EmbeddedStore}), handler jars on its loader path
 * ({@link HandlerPackagesRegistrar}), the dev profile's warning and the demonstration.
 */
@SpringBootApplication
@Import({ HandlerPackagesRegistrar.class, DevProfile.class, EmbeddedStore.class })
public class TaobusApplication {

	public static void main(String[] args) {
		BlockingScheduler.pin();
		SpringApplication.run(TaobusApplication.class, args);
	}

}
