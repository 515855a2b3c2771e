package io.taobus.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Clients that give up mid-request, as {@code curl --max-time 0.00N} or a closed browser tab does: a raw
 * loopback socket sends an HTTP/1.1 request, waits a millisecond or a few for the answer, and closes with
 * a reset. For the tests of the deliveries API's store calls, in-process and against the packaged jar.
 */
public final class ClientDisconnects {

	private ClientDisconnects() {
	}

	/** A GET with a bearer token. */
	public static String get(String path, String authorization) {
		return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + authorization + "\r\n\r\n";
	}

	/** A POST of JSON with a bearer token. */
	public static String post(String path, String json, String authorization) {
		return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + authorization
				+ "\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json;
	}

	/** Sends the request this many times, each time closing the connection 1 to 8 ms after sending. */
	public static void disconnect(int port, String request, int times) throws IOException {
		for (int i = 0; i < times; i++) {
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
				socket.setSoLinger(true, 0);
				OutputStream out = socket.getOutputStream();
				out.write(request.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				socket.setSoTimeout(1 + (i % 8));
				InputStream in = socket.getInputStream();
				try {
					in.read();
				}
				catch (SocketTimeoutException ex) {
					// gone before the answer
				}
			}
		}
	}

}
