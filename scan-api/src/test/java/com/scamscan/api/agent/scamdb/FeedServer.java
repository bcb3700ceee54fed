package com.scamscan.api.agent.scamdb;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP server standing in for a feed publisher: answers {@code GET /feed} with what the test set, honours
 * {@code If-None-Match} against the ETag it serves (304), records each request's headers, and can hold its answers.
 */
final class FeedServer implements AutoCloseable {

    private final HttpServer server;
    private final List<Headers> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String contentType = "text/plain";
    private volatile String body = "";
    private volatile String etag;
    private volatile String lastModified;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch firstRequest = new CountDownLatch(1);

    FeedServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestHeaders());
            firstRequest.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    exchange.close();
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
            String sentTag = exchange.getRequestHeaders().getFirst("If-None-Match");
            if (etag != null && etag.equals(sentTag)) {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            if (etag != null) {
                exchange.getResponseHeaders().add("ETag", etag);
            }
            if (lastModified != null) {
                exchange.getResponseHeaders().add("Last-Modified", lastModified);
            }
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** Serves {@code body} with status 200, no validators. */
    FeedServer serve(String body) {
        return serve(200, "text/plain", body, null, null);
    }

    FeedServer serve(int status, String contentType, String body, String etag, String lastModified) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.etag = etag;
        this.lastModified = lastModified;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/feed";
    }

    List<Headers> requests() {
        return List.copyOf(requests);
    }

    /** From now on, answers wait until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    /** Waits until the first request has arrived. */
    boolean awaitRequest() throws InterruptedException {
        return firstRequest.await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
