package io.taobus.server.example;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.taobus.handler.TaoAsync;
import io.taobus.handler.TaoInline;
import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * The "Bootstrap User Session" TAO-path of tao.js, shipped as a demonstration of the three phases and
 * of chaining: {@code App Enter Portal} prepares the portal inline and, asynchronously, looks for a
 * session; {@code Session Find Portal} chains to {@code Session Create Portal} when there is none,
 * which chains to {@code Session Enter Portal}, or straight there when there is one; entering
 * updates a tracking counter and looks up the user, whose async handler fails with
 * {@code I can't find Users now!}, an error that shows in the ledger, the metrics and the logs and harms
 * nothing but itself (it goes dead after its retries: {@link #lookUpUser}). The term data is the visitor:
 * {@code {"user": "alice"}}. Off unless {@code taobus.example.enabled=true} (the {@code dev} profile sets
 * it); its sessions are bounded ({@value #MAX_SESSIONS}, least recently used first out), since anyone with
 * a write token picks the visitor names.
 */
@Component
@ConditionalOnBooleanProperty(name = "taobus.example.enabled")
public class BootstrapUserSession {

	private static final Logger logger = LoggerFactory.getLogger(BootstrapUserSession.class);

	/** The most sessions remembered. */
	public static final int MAX_SESSIONS = 10_000;

	private final Map<String, String> sessions = Caffeine.newBuilder()
		.maximumSize(MAX_SESSIONS)
		.executor(Runnable::run)
		.<String, String>build()
		.asMap();

	private final AtomicLong portalsPrepared = new AtomicLong();

	private final AtomicLong sessionsEntered = new AtomicLong();

	@TaoInline(term = "App", action = "Enter", orient = "Portal")
	void preparePortal(AppCon appCon) {
		this.portalsPrepared.incrementAndGet();
		logger.debug("Portal prepared for {}", visitor(appCon));
	}

	@TaoAsync(term = "App", action = "Enter", orient = "Portal")
	AppCon findSession(AppCon appCon) {
		return next("Session", "Find", appCon);
	}

	@TaoInline(term = "Session", action = "Find", orient = "Portal")
	AppCon createOrEnter(AppCon appCon) {
		return this.sessions.containsKey(visitor(appCon)) ? next("Session", "Enter", appCon)
				: next("Session", "Create", appCon);
	}

	@TaoInline(term = "Session", action = "Create", orient = "Portal")
	AppCon createSession(AppCon appCon) {
		this.sessions.putIfAbsent(visitor(appCon), java.util.UUID.randomUUID().toString());
		return next("Session", "Enter", appCon);
	}

	@TaoAsync(term = "Session", action = "Enter", orient = "Portal")
	void trackSession() {
		this.sessionsEntered.incrementAndGet();
	}

	@TaoAsync(term = "Session", action = "Enter", orient = "Portal")
	AppCon findUser(AppCon appCon) {
		return next("User", "Find", appCon);
	}

	/**
	 * Always fails: the demonstration of a failing handler. On the chain above, or set on its own
	 * ({@code POST /tao/appcons}), the call is retried twice ({@code taobus.example.lookup-backoff}, 20 s,
	 * then twice that) and then dead, with its stack fingerprint, {@code handler|dead|taobus} on the bus and
	 * {@code taobus_inbox_calls_dead} (README, "A handler that fails").
	 */
	@TaoAsync(term = "User", action = "Find", orient = "Portal", retries = 2,
			backoff = "${taobus.example.lookup-backoff:20s}")
	void lookUpUser() {
		throw new IllegalStateException("I can't find Users now!");
	}

	/** How many portals were prepared, for the demonstration's readers and tests. */
	public long portalsPrepared() {
		return this.portalsPrepared.get();
	}

	/** How many sessions were entered: the tracking counter. */
	public long sessionsEntered() {
		return this.sessionsEntered.get();
	}

	/** How many sessions are remembered (at most {@value #MAX_SESSIONS}). */
	public long sessionCount() {
		return this.sessions.size();
	}

	/** The session of a visitor, if one was created. */
	public @Nullable String session(String visitor) {
		return this.sessions.get(visitor);
	}

	private static AppCon next(String term, String action, AppCon from) {
		return new AppCon(Trigram.of(term, action, "Portal"), from.termData(), null, from.orientData());
	}

	private static String visitor(AppCon appCon) {
		if (appCon.termData() instanceof Map<?, ?> data && data.get("user") != null) {
			return Objects.toString(data.get("user"));
		}
		return "anonymous";
	}

}
