package io.taobus;

import io.taobus.server.BlockingScheduler;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** The tests' JVM runs {@code boundedElastic} as the service's main class does ({@link BlockingScheduler}). */
public final class PinnedBlockingScheduler implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		BlockingScheduler.pin();
	}

}
