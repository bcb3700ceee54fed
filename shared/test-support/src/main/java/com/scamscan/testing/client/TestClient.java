package com.scamscan.testing.client;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real WebSocket client (the JDK's): records every text frame and how the server closed. */
public final class TestClient implements WebSocket.Listener {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile String closeReason;
    private volatile long closedAtNanos;
    private WebSocket socket;

    public static TestClient connect(URI uri) {
        return connectAsync(uri).join();
    }

    /** Connects with these handshake headers (e.g. {@code Origin}, {@code X-Forwarded-For}). */
    public static TestClient connect(URI uri, java.util.Map<String, String> headers) {
        return connectAsync(uri, headers).join();
    }

    /** Starts the handshake and returns at once, for many clients connecting together. */
    public static CompletableFuture<TestClient> connectAsync(URI uri) {
        return connectAsync(uri, java.util.Map.of());
    }

    private static CompletableFuture<TestClient> connectAsync(URI uri, java.util.Map<String, String> headers) {
        TestClient client = new TestClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        return builder.buildAsync(uri, client)
                .thenApply(socket -> {
                    client.socket = socket;
                    return client;
                });
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (partial) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closedAtNanos = System.nanoTime();
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(-1);
    }

    /** Every text frame so far, in arrival order. */
    public List<String> frames() {
        return List.copyOf(frames);
    }

    /** The text frames that are task events (no greeting, no heartbeats). */
    public List<String> events() {
        return frames.stream().filter(f -> f.startsWith("{\"seq\"") || isRaw(f)).toList();
    }

    private static boolean isRaw(String frame) {
        return !frame.contains("\"heartbeat\"") && !frame.contains("\"step\":\"connected\"") && !frame.contains("\"error\":true");
    }

    /** Waits (up to 60 s: a scan with OCR may run for a while) for the server's close and returns its code. */
    public int awaitClose() {
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(closeCode::isDone);
        return closeCode.join();
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    /** When the server's close frame arrived ({@link System#nanoTime}), 0 before. */
    public long closedAtNanos() {
        return closedAtNanos;
    }

    public String closeReason() {
        return closeReason;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** One text message sent as a first frame and continuation frames, one per part. */
    public void sendFragments(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            socket.sendText(parts[i], i == parts.length - 1).join();
        }
    }

    /** Leaves politely. */
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    /** Drops the TCP connection without a close frame. */
    public void abort() {
        socket.abort();
    }

    /** Waits until at least {@code count} frames arrived. */
    public TestClient awaitFrames(int count) {
        await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> frames.size() >= count);
        return this;
    }
}
