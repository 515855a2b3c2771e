package io.taobus.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a real database server, so that a test can take the database away
 * from an inbox (every connection cut, new ones refused) and give it back, without stopping a server
 * that others share.
 */
final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket server;

	TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = bind(0);
		this.port = this.server.getLocalPort();
		serve(this.server);
	}

	int port() {
		return this.port;
	}

	/** Cuts every connection and refuses new ones. */
	synchronized void down() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	/** Accepts connections again, on the same port. */
	synchronized void up() throws IOException {
		if (this.server.isClosed()) {
			this.server = bind(this.port);
			serve(this.server);
		}
	}

	private static ServerSocket bind(int port) throws IOException {
		ServerSocket server = new ServerSocket();
		server.setReuseAddress(true);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return server;
	}

	private void serve(ServerSocket server) {
		Thread.ofVirtual().name("tcp-proxy-" + this.port).start(() -> {
			while (!server.isClosed()) {
				try {
					Socket client = server.accept();
					Socket upstream;
					try {
						upstream = new Socket(this.targetHost, this.targetPort);
					}
					catch (IOException ex) {
						client.close();
						continue;
					}
					this.sockets.add(client);
					this.sockets.add(upstream);
					pipe(client, upstream);
					pipe(upstream, client);
				}
				catch (IOException ex) {
					// closed by down(), or the target refused: the client sees its connection fail
				}
			}
		});
	}

	private void pipe(Socket from, Socket to) {
		Thread.ofVirtual().start(() -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// cut
			}
			finally {
				close(from);
				close(to);
			}
		});
	}

	private void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
		this.sockets.remove(socket);
	}

	@Override
	public void close() throws IOException {
		down();
	}

}
