package io.taobus.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.taobus.inbox.InboxDatabases;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

/**
 * The durable baseline of bench/load.sh: the receiver a user would write instead of taobus, on the bare
 * app's stack (Reactor Netty, a WebFlux router). It checks GitHub's {@code X-Hub-Signature-256} (the
 * HMAC-SHA256 of the body) and stores the delivery with one {@code INSERT … ON CONFLICT DO NOTHING} in
 * its own transaction (auto-commit) on a virtual thread, from a HikariCP pool of 16, before answering
 * 202 (200 for a delivery id it holds already, 401 for a bad signature). No bus, no handler, no metric.
 * With {@code FSYNC=1} on H2 it runs {@code CHECKPOINT SYNC} after each commit, as durable as taobus
 * fsyncing each admission window. Arguments: port, a JDBC URL or {@code h2:<directory>} (an H2 file
 * with the settings of taobus's embedded store), user, password; the secret is {@code SECRET}.
 */
public final class HandWrittenReceiverApp {

	/** The table a user would write, created at startup if missing (StorePrefill fills it). */
	static final String TABLE = """
			CREATE TABLE IF NOT EXISTS webhook_delivery (
			    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			    source      VARCHAR(200)             NOT NULL,
			    delivery_id VARCHAR(200)             NOT NULL,
			    event       VARCHAR(100)             NOT NULL,
			    body        BYTEA                    NOT NULL,
			    received_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
			    UNIQUE (source, delivery_id))""";

	private static final String INSERT = "INSERT INTO webhook_delivery (source, delivery_id, event, body) "
			+ "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";

	private HandWrittenReceiverApp() {
	}

	public static void main(String[] args) throws SQLException {
		HikariDataSource pool = pool(args[1], args[2], (args.length > 3) ? args[3] : "");
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(TABLE);
		}
		boolean fsync = "1".equals(System.getenv("FSYNC")) && pool.getJdbcUrl().startsWith("jdbc:h2:");
		SecretKeySpec key = new SecretKeySpec(System.getenv().getOrDefault("SECRET", "bench-secret")
			.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
		RouterFunction<ServerResponse> route = RouterFunctions.route(POST("/webhooks/{source}"),
				(request) -> DataBufferUtils.join(request.bodyToFlux(DataBuffer.class)).map((buffer) -> {
					byte[] body = new byte[buffer.readableByteCount()];
					buffer.read(body);
					DataBufferUtils.release(buffer);
					return body;
				}).defaultIfEmpty(new byte[0]).flatMap((body) -> {
					if (!verified(key, body, request.headers().firstHeader("X-Hub-Signature-256"))) {
						return ServerResponse.status(401).build();
					}
					String id = request.headers().firstHeader("X-GitHub-Delivery");
					String event = request.headers().firstHeader("X-GitHub-Event");
					if (id == null || event == null) {
						return ServerResponse.badRequest().build();
					}
					// a future, not subscribeOn: a client that leaves never interrupts a thread inside
					// JDBC (an interrupt closes the H2 file)
					return Mono.fromFuture(CompletableFuture.supplyAsync(
							() -> insert(pool, fsync, request, id, event, body), virtualThreads))
						.flatMap((inserted) -> inserted ? ServerResponse.accepted().build() : ServerResponse.ok().build());
				}));
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(Integer.parseInt(args[0]))
			.handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(route)))
			.bindNow();
		System.out.println("hand-written receiver on " + pool.getJdbcUrl() + " listening on " + server.port());
		server.onDispose().block();
	}

	static HikariDataSource pool(String url, String user, String password) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url.startsWith("h2:") ? InboxDatabases.h2Url(java.nio.file.Path.of(url.substring(3))) : url);
		config.setUsername(user);
		config.setPassword(password);
		config.setMaximumPoolSize(16);
		return new HikariDataSource(config);
	}

	private static boolean insert(HikariDataSource pool, boolean fsync, ServerRequest request, String id,
			String event, byte[] body) {
		try (Connection connection = pool.getConnection();
				PreparedStatement insert = connection.prepareStatement(INSERT)) {
			insert.setString(1, request.pathVariable("source"));
			insert.setString(2, id);
			insert.setString(3, event);
			insert.setBytes(4, body);
			boolean inserted = insert.executeUpdate() == 1;
			if (inserted && fsync) {
				try (Statement sync = connection.createStatement()) {
					sync.execute("CHECKPOINT SYNC");
				}
			}
			return inserted;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean verified(SecretKeySpec key, byte[] body, String signature) {
		if (signature == null || !signature.startsWith("sha256=")) {
			return false;
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
			return MessageDigest.isEqual(expected, signature.substring(7).getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
