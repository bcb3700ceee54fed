package com.scamscan.testing.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Just enough of the Redis protocol to manage a server: inline commands and their first reply line. */
final class Resp {

    private static final int TIMEOUT_MILLIS = 1000;

    private Resp() {
    }

    static boolean ping(String host, int port) {
        try {
            return "+PONG".equals(command(host, port, "PING"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks the server to save its data and exit; it closes the connection as it goes, which is not an error. */
    static void shutdownSave(String host, int port) {
        try {
            command(host, port, "SHUTDOWN SAVE");
        } catch (IOException e) {
            // the server closes the connection as it exits
        }
    }

    /** Sends one inline command and returns the first line of the reply (empty if the server closed). */
    static String command(String host, int port, String inline) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS * 10);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }

    /** Waits until the server answers PING, or fails after the timeout. */
    static void awaitUp(String host, int port, Duration timeout, java.util.function.BooleanSupplier stillAlive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ping(host, port)) {
                return;
            }
            if (!stillAlive.getAsBoolean()) {
                throw new IllegalStateException("redis-server on port " + port + " exited before answering PING");
            }
            pause();
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within " + timeout);
    }

    /** Waits until nothing answers PING any more. */
    static void awaitDown(String host, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!ping(host, port)) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("redis-server on port " + port + " still answers after " + timeout);
    }

    private static void pause() {
        try {
            Thread.sleep(20); // polling interval while a server process starts; not a test sleep
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
