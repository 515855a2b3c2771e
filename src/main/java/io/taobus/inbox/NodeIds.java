package io.taobus.inbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** Node ids: the host name plus a random suffix, so that a restarted process is a new owner. */
final class NodeIds {

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
		if (host.length() > 40) {
			host = host.substring(0, 40);
		}
		return host + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
