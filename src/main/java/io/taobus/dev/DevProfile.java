package io.taobus.dev;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * The {@code dev} profile: what it is allowed that no other deployment is (the demonstration sources
 * with secrets public in this repository, a generated API token), and the loud WARN that says it is
 * on. Outside it, the secrets listed here stop the startup, so that a demonstration secret never
 * guards a real deployment.
 */
public final class DevProfile implements ApplicationListener<ApplicationStartedEvent> {

	/** The profile's name. */
	public static final String NAME = "dev";

	/** Secrets and tokens that are public in this repository (dev profile, compose, README). */
	public static final Set<String> KNOWN_SECRETS = Set.of("dev-github-secret", "whsec_dev_stripe_secret",
			"local-dev-token");

	private static final Logger logger = LoggerFactory.getLogger(DevProfile.class);

	/** Whether the dev profile is active in an environment. */
	public static boolean isActive(Environment environment) {
		return environment.matchesProfiles(NAME);
	}

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		if (isActive(event.getApplicationContext().getEnvironment())) {
			logger.warn("""


					*****************************************************************************
					*  The dev profile is ON: demonstration sources with secrets published in     *
					*  the taobus repository, demonstration handlers, health details, a generated *
					*  API token. Anyone who reads the repository can sign deliveries. Do not     *
					*  expose this instance; run without the dev profile anywhere else.           *
					*****************************************************************************
					""");
		}
	}

}
