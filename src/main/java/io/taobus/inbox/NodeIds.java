package io.taobus.inbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * Node ids: a prefix (the configured one, or the host name) cut to {@value #MAX_PREFIX} characters,
 * plus a random suffix, so that a restarted process is a new owner and never renews its predecessor's
 * rows, and the id always fits {@code owner_node VARCHAR(100)}.
 */
final class NodeIds {

	static final int MAX_PREFIX = 60;

	private NodeIds() {
	}

	static String generate() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "node";
		}
		return withPrefix(host);
	}

	static String withPrefix(String prefix) {
		String cut = (prefix.length() > MAX_PREFIX) ? prefix.substring(0, MAX_PREFIX) : prefix;
		return cut + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
