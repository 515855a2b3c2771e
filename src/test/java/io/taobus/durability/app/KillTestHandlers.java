package io.taobus.durability.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import io.taobus.handler.TaoAsync;
import io.taobus.handler.TaoInline;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The handlers of the kill tests, loaded into the packaged jar's process from outside it
 * ({@code -Dloader.path}, see {@code TaobusProcess}): each run of a delivery appends
 * {@code <deliveryId> <attempt> <replay> <pid>} to the sink file and forces it to disk before the
 * handler returns, so that the test can tell after a SIGKILL which deliveries had their handlers run.
 * {@code push}: inline. {@code slow}: async, sleeps {@code killtest.slow} first (cascades in flight
 * when a node is killed). {@code poison}: halts the JVM every time, as an OOM would. {@code flaky}: an
 * inline {@code charge} that records {@code <id>#charge} and chains {@code flakyNotify}, whose handler
 * records {@code <id>#notify} and fails the first time for each delivery (remembered in a file beside
 * the sink, so across processes): a delivery retried on its own after that failure.
 */
@Component
@ConditionalOnProperty("killtest.sink")  // only in the kill tests' processes, not in the other tests' contexts
public class KillTestHandlers {

	private static final Trigram NOTIFY = Trigram.of("flakyNotify", "send", "killtest");

	private final FileChannel sink;

	private final String sinkPath;

	private final Duration slow;

	public KillTestHandlers(@Value("${killtest.sink}") String sink, @Value("${killtest.slow:5s}") Duration slow) {
		try {
			this.sink = FileChannel.open(Path.of(sink), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.slow = slow;
		this.sinkPath = sink;
	}

	@TaoInline(term = "push")
	public void push(AppCon appCon) {
		record(appCon);
	}

	@TaoAsync(term = "slow")
	public void slow(AppCon appCon) throws InterruptedException {
		Thread.sleep(this.slow);  // a slow handler, in the app under test: the test itself never sleeps
		record(appCon);
	}

	@TaoInline(term = "flaky")
	public AppCon charge(AppCon appCon) {
		DeliveryMetadata metadata = (DeliveryMetadata) appCon.orientData();
		record(metadata.deliveryId() + "#charge", metadata.attempt(), metadata.replay());
		return AppCon.of(NOTIFY, metadata.deliveryId());
	}

	@TaoInline(term = "flakyNotify")
	public void notify(AppCon appCon) throws IOException {
		String deliveryId = (String) appCon.termData();
		record(deliveryId + "#notify", 0, false);
		Path failedOnce = Path.of(this.sinkPath + ".failed-once." + deliveryId);
		if (!Files.exists(failedOnce)) {
			Files.createFile(failedOnce);
			throw new IllegalStateException("the first notification of " + deliveryId + " fails");
		}
	}

	@TaoInline(term = "poison")
	public void poison(AppCon appCon) {
		record(appCon);
		Runtime.getRuntime().halt(1);
	}

	private void record(AppCon appCon) {
		DeliveryMetadata metadata = (DeliveryMetadata) appCon.orientData();
		record(metadata.deliveryId(), metadata.attempt(), metadata.replay());
	}

	private synchronized void record(String deliveryId, int attempt, boolean replay) {
		String line = deliveryId + " " + attempt + " " + replay + " " + ProcessHandle.current().pid() + "\n";
		try {
			this.sink.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
			this.sink.force(false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
