package io.taobus;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * When a test fails on a wait that ran out (a {@code WebTestClient} answer that never came, an
 * Awaitility condition), dumps every thread, virtual ones included, to {@code target/thread-dumps/}
 * and, at the end of the run, prints where the event loops, timers and virtual-thread carriers were: a
 * hang that happens once in many runs then says where it was from the build's last lines.
 */
public final class ThreadDumpOnTimeout implements TestExecutionListener {

	private static final List<String> WATCHED = List.of("reactor-http", "parallel-", "ForkJoinPool-", "boundedElastic",
			"taobus-inbox", "tao-dispatch");

	private final List<String> digests = new ArrayList<>();

	@Override
	public void executionFinished(TestIdentifier test, TestExecutionResult result) {
		if (result.getStatus() != TestExecutionResult.Status.FAILED || !test.isTest()
				|| !ranOut(result.getThrowable().orElse(null))) {
			return;
		}
		StringBuilder digest = new StringBuilder("thread digest at the timeout of " + test.getDisplayName() + ":\n");
		for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
			String name = entry.getKey().getName();
			StackTraceElement[] stack = entry.getValue();
			if (WATCHED.stream().anyMatch(name::startsWith) && stack.length > 0) {
				digest.append("  ").append(name).append(' ').append(entry.getKey().getState()).append(" at ")
					.append(stack[0]).append((stack.length > 1) ? " < " + stack[1] : "").append('\n');
			}
		}
		digest.append("  boundedElastic ").append(runs(Schedulers.boundedElastic()) ? "ran" : "did NOT run")
			.append(" a probe task within 2 s; parallel ").append(runs(Schedulers.parallel()) ? "ran" : "did NOT run")
			.append(" one\n");
		this.digests.add(digest.toString());
		try {
			Path directory = Files.createDirectories(Path.of("target", "thread-dumps"));
			Path file = directory.resolve(test.getDisplayName().replaceAll("[^A-Za-z0-9]", "_") + "-" + System.nanoTime() + ".txt");
			ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
				.dumpThreads(file.toAbsolutePath().toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
		}
		catch (IOException | RuntimeException ex) {
			this.digests.add("(no thread dump: " + ex + ")\n");
		}
	}

	@Override
	public void testPlanExecutionFinished(TestPlan plan) {
		this.digests.forEach(System.out::print);
	}

	/** Whether a scheduler runs a task at all: a wedged one leaves a request waiting with no thread on it. */
	private static boolean runs(Scheduler scheduler) {
		CountDownLatch ran = new CountDownLatch(1);
		try {
			scheduler.schedule(ran::countDown);
			return ran.await(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException | RuntimeException ex) {
			return false;
		}
	}

	private static boolean ranOut(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = String.valueOf(cause.getMessage());
			if (cause instanceof TimeoutException || message.contains("Timeout on blocking read")
					|| cause.getClass().getSimpleName().equals("ConditionTimeoutException")) {
				return true;
			}
		}
		return false;
	}

}
