package io.taobus.bench.support;

import io.taobus.tao.AppCon;
import io.taobus.tao.Intercept;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cascade the kernel benchmarks share, so that their figures compare: an AppCon of {@link #ENTER}
 * meets an intercept that proceeds, an async handler, and an inline handler that chains
 * {@link #FIND}, whose inline handler ends it: four handler calls, one on an async lane.
 */
public final class FourCallCascade {

	public static final Trigram ENTER = Trigram.of("App", "Enter", "Portal");

	public static final Trigram FIND = Trigram.of("Session", "Find", "Portal");

	private FourCallCascade() {
	}

	/** Registers the four handlers on a kernel; the handlers hand what they see to the blackhole. */
	public static void register(Kernel kernel, Blackhole blackhole) {
		AppCon find = AppCon.of(FIND, "next");
		kernel.addInterceptHandler(ENTER, (ac) -> Intercept.proceed());
		kernel.addAsyncHandler(ENTER, (ac) -> {
			blackhole.consume(ac);
			return null;
		});
		kernel.addInlineHandler(ENTER, (ac) -> find);
		kernel.addInlineHandler(FIND, (ac) -> {
			blackhole.consume(ac);
			return null;
		});
	}

}
