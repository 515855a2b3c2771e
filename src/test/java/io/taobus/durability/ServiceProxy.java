package io.taobus.durability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kubernetes Service as kube-proxy makes it, on loopback: a TCP forwarder that sends each new
 * connection to the next endpoint of its current list, round robin, and never to one it does not list.
 * Like an iptables rule that DNATs the SYN to a pod that has stopped listening, it does not try another
 * endpoint when the connection to the chosen one fails: the client's connection is reset (counted in
 * {@link #failedConnects()}), so that a pod that stops accepting while still listed is seen by the
 * clients. An endpoint removed from the list keeps its established connections (conntrack), as in
 * Kubernetes; only new connections go elsewhere.
 */
final class ServiceProxy implements AutoCloseable {

	private final ServerSocket server;

	private final List<Integer> endpoints = new CopyOnWriteArrayList<>();

	private final AtomicInteger next = new AtomicInteger();

	private final AtomicInteger failedConnects = new AtomicInteger();

	ServiceProxy() throws IOException {
		this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().name("service-proxy").start(this::serve);
	}

	int port() {
		return this.server.getLocalPort();
	}

	/** The endpoint controller adds a pod once its readiness probe passed. */
	void add(TaobusProcess pod) {
		this.endpoints.add(pod.port());
	}

	/** The endpoint removal of a terminating pod, once it has reached this proxy. */
	void remove(TaobusProcess pod) {
		this.endpoints.remove(Integer.valueOf(pod.port()));
	}

	List<Integer> endpoints() {
		return List.copyOf(this.endpoints);
	}

	/** Connections sent to a listed endpoint that did not accept them. */
	int failedConnects() {
		return this.failedConnects.get();
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Thread.ofVirtual().start(() -> forward(client));
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void forward(Socket client) {
		List<Integer> listed = endpoints();
		if (listed.isEmpty()) {
			reset(client);
			return;
		}
		int port = listed.get(Math.floorMod(this.next.getAndIncrement(), listed.size()));
		Socket upstream = new Socket();
		try {
			upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
		}
		catch (IOException ex) {
			this.failedConnects.incrementAndGet();
			reset(client);
			return;
		}
		Thread.ofVirtual().start(() -> pipe(client, upstream));
		pipe(upstream, client);
	}

	private static void pipe(Socket from, Socket to) {
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			// cut, or closed by the other direction
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	/** An RST, as the client of a Service sees a connection to a pod that refused it. */
	private static void reset(Socket client) {
		try {
			client.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// closed already
		}
		closeQuietly(client);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closed already
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
