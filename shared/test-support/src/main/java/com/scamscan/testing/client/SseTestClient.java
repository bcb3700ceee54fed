package com.scamscan.testing.client;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Server-Sent Events client (the JDK's HTTP client, lines parsed as the SSE format says): records every event
 * with its {@code id} and name, every comment, and the code of the {@code close} event; what a browser's
 * {@code EventSource} would see.
 */
public final class SseTestClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern CLOSE_CODE = Pattern.compile("\"code\":(\\d+)");

    /** One dispatched event: {@code name} is {@code message} unless the server named it. */
    public record SseEvent(String name, String id, String data) {
    }

    private final List<SseEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile HttpResponse<Stream<String>> response;

    // the event being read (the line subscriber's thread only)
    private String name = "message";
    private String id;
    private final List<String> data = new ArrayList<>();

    /** Opens the stream with these request headers (e.g. {@code Origin}, {@code Last-Event-ID}); returns once the headers arrived. */
    public static SseTestClient connect(URI uri, Map<String, String> headers) {
        SseTestClient client = new SseTestClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        // ofLines answers once the headers are in (a subscriber-based handler would wait for the body's end)
        client.response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .orTimeout(30, TimeUnit.SECONDS).join();
        Thread reader = new Thread(client::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
        return client;
    }

    public static SseTestClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    public HttpResponse<Stream<String>> response() {
        return response;
    }

    /** Every event so far, in order (the {@code close} event included). */
    public List<SseEvent> events() {
        return List.copyOf(events);
    }

    /** The data of the default ({@code message}) events: the frames a WebSocket client would have got. */
    public List<String> frames() {
        return events.stream().filter(e -> e.name().equals("message")).map(SseEvent::data).toList();
    }

    /** The task events' data ({@code seq} first), as {@link TestClient#events()} has them. */
    public List<String> taskEvents() {
        return frames().stream().filter(f -> f.startsWith("{\"seq\"")).toList();
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    /** Waits (up to 30 s) until this many events (of any name) arrived. */
    public SseTestClient awaitEvents(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> events.size() >= count);
        return this;
    }

    /** Waits (up to 60 s) for the response to end and returns the code of its {@code close} event (-1: none). */
    public int awaitClose() {
        ended.orTimeout(60, TimeUnit.SECONDS).join();
        return closeCode();
    }

    /** The {@code close} event's code, -1 before it came. */
    public int closeCode() {
        return events.stream().filter(e -> e.name().equals("close")).findFirst().map(e -> {
            Matcher code = CLOSE_CODE.matcher(e.data());
            return code.find() ? Integer.parseInt(code.group(1)) : -1;
        }).orElse(-1);
    }

    public boolean hasEnded() {
        return ended.isDone();
    }

    /** Whether the response ended without an error (a cut connection completes exceptionally). */
    public boolean endedCleanly() {
        return ended.isDone() && !ended.isCompletedExceptionally();
    }

    /** Stops reading and drops the connection, as a client going away would. */
    public void abort() {
        response.body().close(); // closes the connection under the reader, which then ends
    }

    private void read() {
        try (Stream<String> lines = response.body()) {
            lines.forEach(this::line);
            ended.complete(null);
        } catch (RuntimeException e) {
            ended.completeExceptionally(e);
        }
    }

    private void line(String line) {
        if (line.isEmpty()) {
            if (!data.isEmpty()) {
                events.add(new SseEvent(name, id, String.join("\n", data)));
            }
            name = "message";
            data.clear();
            return;
        }
        if (line.startsWith(":")) {
            comments.add(line.substring(1).trim());
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> data.add(value);
            case "id" -> id = value;
            case "event" -> name = value;
            default -> { } // retry and unknown fields: not used by the gateway
        }
    }
}
