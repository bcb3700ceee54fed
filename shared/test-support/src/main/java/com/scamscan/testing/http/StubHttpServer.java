package com.scamscan.testing.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP server standing in for an outside API (Exa, an LLM, RDAP): fixed answers, recorded requests. It can
 * hold its answers back ({@link #hold()}) until {@link #release()}, to keep a caller waiting as a slow API would.
 */
public final class StubHttpServer implements AutoCloseable {

    /** A request as the stub received it. */
    public record Received(String method, String path, String body, Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private StubHttpServer(HttpServer server) {
        this.server = server;
    }

    /** Answers every request with {@code status} and {@code body} (JSON). */
    public static StubHttpServer answering(int status, String body) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool()); // a held answer blocks only its request
            StubHttpServer stub = new StubHttpServer(server);
            server.createContext("/", exchange -> {
                String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                stub.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), request,
                        exchange.getRequestHeaders()));
                try {
                    if (!stub.gate.await(60, TimeUnit.SECONDS)) {
                        exchange.close(); // never released: hang up rather than hang forever
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.close();
                    return;
                }
                byte[] answer = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, answers wait until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Sends the answers held back, and answers at once from now on. */
    public void release() {
        gate.countDown();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
