package com.scamscan.api.agent.links;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local server standing in for link shorteners and the sites they lead to: {@code /hops/N} redirects to
 * {@code /hops/N-1} until {@code /hops/0} answers 200, {@code /to?url} redirects to {@code url}, {@code /slow} never
 * answers (until closed). Every request's method and path is recorded.
 */
public final class RedirectStub implements AutoCloseable {

    /** A request as the stub received it. */
    public record Received(String method, String host, String path) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public RedirectStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Host"),
                    path + (query == null ? "" : "?" + query)));
            if (path.startsWith("/hops/")) {
                int left = Integer.parseInt(path.substring("/hops/".length()));
                if (left > 0) {
                    exchange.getResponseHeaders().add("Location", "/hops/" + (left - 1)); // relative, as many servers send
                    exchange.sendResponseHeaders(301, -1);
                } else {
                    exchange.sendResponseHeaders(200, -1);
                }
            } else if (path.equals("/to")) {
                exchange.getResponseHeaders().add("Location", java.net.URLDecoder.decode(query, java.nio.charset.StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(302, -1);
            } else if (path.equals("/slow")) {
                try {
                    closing.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** An address on this stub, under any host name (the expander's test resolver sends every name here). */
    public String url(String host, String path) {
        return "http://" + host + ":" + port() + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /**
     * An expander that sends every host name to this stub (IP addresses stay what they are) and allows loopback
     * addresses only: never use such a policy outside tests.
     */
    public LinkExpander expander(int maxRedirects, Duration timeout) {
        return new LinkExpander(new LinkExpander.Settings(true, maxRedirects, timeout),
                InetAddress::isLoopbackAddress, host -> new InetAddress[]{com.google.common.net.InetAddresses.isInetAddress(host)
                        ? InetAddress.getByName(host) : InetAddress.getLoopbackAddress()});
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
