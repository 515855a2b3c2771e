package io.taobus.dev;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * The dev mode ({@value #PROPERTY}), which the service's {@code dev} profile turns on: what it is
 * allowed that no other deployment is (the demonstration sources with secrets public in this
 * repository, a generated API token), and the loud WARN that says it is on. Outside it, the secrets
 * listed here stop the startup, so that a demonstration secret never guards a real deployment. It is a
 * property of taobus's own, not the profile's name, so that an application that uses taobus as a
 * library and has a {@code dev} profile of its own gets none of this.
 */
public final class DevProfile implements ApplicationListener<ApplicationStartedEvent> {

	/** The property that turns the dev mode on; the service's {@code taobus-service-dev.yml} sets it. */
	public static final String PROPERTY = "taobus.dev-mode";

	/** Secrets and tokens that are public in this repository (dev profile, compose, README). */
	public static final Set<String> KNOWN_SECRETS = Set.of("dev-github-secret", "whsec_dev_stripe_secret",
			"local-dev-token");

	private static final Logger logger = LoggerFactory.getLogger(DevProfile.class);

	/** Whether the dev mode is on in an environment. */
	public static boolean isActive(Environment environment) {
		return environment.getProperty(PROPERTY, Boolean.class, false);
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
