package com.scamscan.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Many JDK WebSocket clients, spread over a few HTTP clients (each has one selector thread), and what they saw. */
final class Clients {

    private final List<HttpClient> http = new ArrayList<>();
    private final List<Client> clients = new ArrayList<>();
    private final LongAdder delivered = new LongAdder();
    private final Map<Integer, AtomicLong> closes = new ConcurrentHashMap<>();
    private final long[] latencies = new long[4_000_000];
    private final AtomicLong samples = new AtomicLong();
    private CountDownLatch closed;
    private volatile boolean recording = true;

    Clients(int httpClients) {
        for (int i = 0; i < httpClients; i++) {
            http.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build());
        }
    }

    /** Opens a client per URI, at most {@code concurrency} handshakes at a time; each counts once it is greeted. */
    void open(List<URI> uris, int concurrency, Map<String, Object> report) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        closed = new CountDownLatch(uris.size());
        List<CompletableFuture<?>> handshakes = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        long[] connectNanos = new long[uris.size()];
        for (int i = 0; i < uris.size(); i++) {
            permits.acquire();
            Client client = new Client(System.nanoTime());
            int index = i;
            clients.add(client);
            handshakes.add(http.get(i % http.size()).newWebSocketBuilder().buildAsync(uris.get(i), client)
                    .thenCompose(socket -> client.greeted)
                    .whenComplete((ok, failure) -> {
                        permits.release();
                        if (failure != null) {
                            errors.incrementAndGet();
                        } else {
                            connectNanos[index] = client.greetedAt - client.startedAt;
                        }
                    }));
        }
        try {
            CompletableFuture.allOf(handshakes.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            // counted in errors
        }
        long[] sorted = Arrays.stream(connectNanos).filter(n -> n > 0).sorted().toArray();
        report.put("connect_errors", errors.get());
        if (sorted.length > 0) {
            report.put("connect_ms_p50", ms(percentile(sorted, 50)));
            report.put("connect_ms_p99", ms(percentile(sorted, 99)));
            report.put("connect_ms_max", ms(sorted[sorted.length - 1]));
        }
    }

    long open() {
        return clients.stream().filter(c -> c.socket != null && !c.isClosed()).count();
    }

    long delivered() {
        return delivered.sum();
    }

    Map<Integer, Long> closes() {
        Map<Integer, Long> counts = new TreeMap<>();
        closes.forEach((code, n) -> counts.put(code, n.get()));
        return counts;
    }

    void awaitClosed(Duration timeout) throws InterruptedException {
        closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void recordLatencies(boolean on) {
        recording = on;
    }

    void markHeartbeats() {
        clients.forEach(c -> c.heartbeatsAtMark = c.heartbeats.get());
    }

    long heartbeatReached() {
        return clients.stream().filter(c -> c.heartbeats.get() > c.heartbeatsAtMark).count();
    }

    void latencies(Map<String, Object> report) {
        int n = (int) Math.min(samples.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        if (n > 0) {
            report.put("latency_ms_p50", ms(percentile(sorted, 50)));
            report.put("latency_ms_p90", ms(percentile(sorted, 90)));
            report.put("latency_ms_p99", ms(percentile(sorted, 99)));
            report.put("latency_ms_max", ms(sorted[n - 1]));
        }
    }

    void closeAll() {
        for (Client client : clients) {
            if (client.socket != null && !client.socket.isOutputClosed()) {
                client.socket.abort();
            }
        }
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return LoadGenerator.round(nanos / 1e6);
    }

    private final class Client implements WebSocket.Listener {
        final long startedAt;
        final CompletableFuture<Void> greeted = new CompletableFuture<>();
        final AtomicLong heartbeats = new AtomicLong();
        volatile long heartbeatsAtMark;
        volatile long greetedAt;
        volatile WebSocket socket;
        private final StringBuilder partial = new StringBuilder();
        private volatile boolean isClosed;

        Client(long startedAt) {
            this.startedAt = startedAt;
        }

        boolean isClosed() {
            return isClosed;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.startsWith("{\"seq\"")) {
                    long sent = LoadGenerator.sentAt(frame);
                    if (sent > 0) {
                        delivered.increment();
                    }
                    if (sent > 0 && recording) {
                        long i = samples.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[(int) i] = now - sent;
                        }
                    }
                } else if (frame.startsWith("{\"heartbeat\"")) {
                    heartbeats.incrementAndGet();
                } else if (frame.contains("\"step\":\"connected\"")) {
                    greetedAt = now;
                    greeted.complete(null);
                } else if (frame.contains("\"error\":true")) {
                    greeted.completeExceptionally(new IllegalStateException(frame));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            finish(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            greeted.completeExceptionally(error);
            finish(-1);
        }

        private void finish(int code) {
            if (!isClosed) {
                isClosed = true;
                closes.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
                closed.countDown();
            }
        }
    }
}
