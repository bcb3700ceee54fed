package com.scamscan.gateway.testing;


import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client reduced to a TCP socket: it does the upgrade handshake and then nothing, neither
 * reading (unless asked) nor answering pings. It plays the client that vanished or stalls.
 */
public final class RawClient implements AutoCloseable {

    private final Socket socket;

    private RawClient(Socket socket) {
        this.socket = socket;
    }

    public static RawClient connect(int port, String path) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("localhost", port), 5000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during handshake: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + head);
        }
        return new RawClient(socket);
    }

    /** Reads until {@code count} bytes have arrived (frames undecoded). */
    public void awaitBytes(int count) throws IOException {
        socket.setSoTimeout(10_000);
        int got = 0;
        while (got < count) {
            if (socket.getInputStream().read() < 0) {
                throw new IOException("closed");
            }
            got++;
        }
    }

    /** Drains what the server sent and reports whether the server has closed the connection. */
    public boolean closedByServer() {
        try {
            socket.setSoTimeout(200);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(buffer) < 0) {
                        return true;
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // nothing yet; keep draining
                }
            }
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

}
