package io.taobus.deploy;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Whether the container tests run: they need a Docker engine. Without one they are skipped with a
 * message, unless {@code TAOBUS_REQUIRE_DOCKER=true} (set by {@code .ci/run} once it started an
 * engine), when a missing engine is a failure.
 */
final class DockerSupport {

	private DockerSupport() {
	}

	static boolean required() {
		return "true".equals(System.getenv("TAOBUS_REQUIRE_DOCKER"));
	}

	static void requireEngine() {
		boolean available = DockerClientFactory.instance().isDockerAvailable();
		if (required() && !available) {
			throw new IllegalStateException("TAOBUS_REQUIRE_DOCKER=true but no Docker engine answers");
		}
		Assumptions.assumeTrue(available,
				"no Docker engine: the image test is skipped (.ci/run starts one; see .ci/docker-up)");
	}

}
