package io.taobus.bench.support;

/** The port a benchmark server listens on: the first argument, else 18081. */
public final class Port {

	private Port() {
	}

	public static int of(String[] args) {
		return (args.length > 0) ? Integer.parseInt(args[0]) : 18081;
	}

}
