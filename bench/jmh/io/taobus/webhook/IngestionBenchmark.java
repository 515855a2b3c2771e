package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.MemoryInbox;
import io.taobus.ingestion.BodyParser;
import io.taobus.ingestion.DeliveryDispatcher;
import io.taobus.ingestion.Ingestion;
import io.taobus.tao.Kernel;
import io.taobus.webhook.provider.Delivery;
import io.taobus.webhook.provider.TestProviders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.util.LinkedMultiValueMap;

/**
 * taobus's own work on a delivery, without HTTP: the signed 1 KB GitHub push of bench/load.sh through
 * {@link WebhookIngestion} (verify, parse, map, store in the lossy memory inbox, which also dedupes,
 * dispatch to a kernel where nothing matches), a fresh delivery id each time. The baseline of the same
 * run is the part no implementation can skip: the HMAC-SHA256 of the body. Together with the bare app's
 * CPU per request in bench/load.sh, it says how much of the load ratio is taobus's own work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IngestionBenchmark {

	static final String SECRET = "bench-secret";

	private final LinkedMultiValueMap<String, String> query = new LinkedMultiValueMap<>();

	private WebhookIngestion ingestion;

	private Inbox inbox;

	private WebhookSource source;

	private Kernel kernel;

	private Mac mac;

	private byte[] body;

	private String signature;

	private long deliveries;

	@Setup
	public void setUp() throws Exception {
		this.kernel = Kernel.builder().build();
		this.source = WebhookSource.of("github", new WebhookProperties.Source("github", SECRET, List.of(),
				Duration.ofMinutes(5), false, null, "hex", "", null, null, null, null), TestProviders.all());
		Sources sources = new Sources(Map.of("github", this.source), new BodyParser(JsonMapper.builder().build()));
		// the memory inbox: the store's own cost is measured by bench/load.sh against the durable ones
		// rows are forgotten between iterations (purge, dedupe window of a millisecond): a heap of a million
		// stored bodies would measure the garbage collector
		InboxSettings defaults = InboxSettings.defaults();
		this.inbox = new MemoryInbox(new InboxSettings(defaults.nodeId(), defaults.leaseDuration(), defaults.maxAttempts(),
				Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1), defaults.batchSize(), defaults.batchWindow(),
				defaults.queueCapacity(), defaults.retryAfter()), Clock.systemUTC(), InboxListener.NONE);
		Inbox inbox = this.inbox;
		this.ingestion = new WebhookIngestion(sources, new Ingestion(inbox, new DeliveryDispatcher(inbox, this.kernel,
				List.of(sources))), new ReplayGuard(Duration.ofHours(24), 100_000), Clock.systemUTC());
		String json = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"acme/app\"},\"pusher\":{\"name\":\"octocat\"},\"pad\":\"\"}";
		this.body = json.replace("\"pad\":\"\"", "\"pad\":\"" + "x".repeat(1024 - json.length()) + "\"")
			.getBytes(StandardCharsets.UTF_8);
		this.mac = Mac.getInstance("HmacSHA256");
		this.mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		this.signature = "sha256=" + HexFormat.of().formatHex(this.mac.doFinal(this.body));
	}

	@TearDown
	public void tearDown() {
		this.kernel.close();
	}

	@Setup(Level.Iteration)
	public void forget() {
		this.inbox.purge();
	}

	@Benchmark
	public Object ingest() {
		// the headers as a request on Reactor Netty has them
		DefaultHttpHeaders received = new DefaultHttpHeaders();
		received.add("Host", "127.0.0.1:18080");
		received.add("Content-Type", "application/json");
		received.add("Content-Length", "1024");
		received.add("X-GitHub-Event", "push");
		received.add("X-Hub-Signature-256", this.signature);
		received.add("X-GitHub-Delivery", "bench-" + this.deliveries++);
		HttpHeaders headers = HttpHeaders.readOnlyHttpHeaders(new HttpHeaders(new Netty4HeadersAdapter(received)));
		Delivery delivery = new Delivery("github", headers, this.query, this.body, java.time.Instant.now());
		return this.ingestion.ingest(this.source, delivery, MediaType.APPLICATION_JSON, System.nanoTime(),
				UnaryOperator.identity()).block();
	}

	@Benchmark
	public byte[] baselineHmacOfTheBody() {
		return this.mac.doFinal(this.body);
	}

}
