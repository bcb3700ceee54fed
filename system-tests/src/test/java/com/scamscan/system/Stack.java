package com.scamscan.system;

import com.scamscan.testing.process.AppProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.testing.client.Multipart;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for driving the running stack over HTTP and reading what the WebSocket delivered. */
final class Stack {

    static final ObjectMapper JSON = ObjectMapper.getDefault();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern FIELD = Pattern.compile("\"(task_id|ws_url)\":\"([^\"]+)\"");

    private Stack() {
    }

    /** Uploads an image to scan-api; returns task_id and ws_url. */
    static Map<String, String> upload(AppProcess scanApi, byte[] image, String text) {
        Multipart body = new Multipart().file("image", "screenshot.png", "image/png", image);
        if (!text.isEmpty()) {
            body.field("text", text);
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(scanApi.http("/scan-image"))
                    .header("Content-Type", body.contentType()).POST(body.publisher()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, response.statusCode(), response.body());
            Map<String, String> fields = new java.util.HashMap<>();
            Matcher m = FIELD.matcher(response.body());
            while (m.find()) {
                fields.put(m.group(1), m.group(2));
            }
            return fields;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A task's status as its record in the shared Redis says, or null when there is no record. */
    static String taskStatus(String taskId) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(
                com.scamscan.testing.redis.RedisFixture.shared().uri());
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> redis = client.connect()) {
            return redis.sync().hget("task:" + taskId, "status");
        } finally {
            client.shutdown();
        }
    }

    static List<ProgressEvent> parse(List<String> frames) {
        List<ProgressEvent> events = new ArrayList<>();
        for (String frame : frames) {
            try {
                events.add(JSON.readValue(frame, ProgressEvent.class));
            } catch (IOException e) {
                throw new AssertionError(frame, e);
            }
        }
        return events;
    }
}
