package io.taobus.tao;

/**
 * What a cascade entered through a {@link Channel} (a {@link Transponder}, a {@link Transceiver})
 * carries to every AppCon it chains, the Java form of tao.js's cascade envelope: a private route to
 * mirror each chained AppCon onto before its main dispatch, and a signal that it is about to be
 * dispatched. Cascades entered on the kernel carry none, and pay one null check per chained AppCon.
 */
abstract class Scope {

	/** The private handlers a chained AppCon reaches; {@link Route#EMPTY} for none. */
	abstract Route route(AppCon appCon);

	/** A chained AppCon of the cascade, about to be dispatched: told once, before any of its handlers. */
	void chained(AppCon appCon) {
	}

	/** An AppCon a response handler of the cascade returned ({@link Responses}), before it is chained. */
	void responded(AppCon appCon) {
	}

}
