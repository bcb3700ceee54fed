package com.scamscan.evaluation;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;
import com.scamscan.redis.RedisNames;
import com.scamscan.testing.client.Multipart;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The real pipeline in this JVM: scan-api started as its own application (HTTP server on a free port, its agent
 * worker, a real Redis from the test fixture). Each sample's screenshot is POSTed to {@code /scan-image} with the
 * sample's region, as the web page does; the runner then reads the task's history stream with {@code XREAD BLOCK}
 * until the {@code completed} (or {@code failed}) event and takes the verdict from it. The time is measured from
 * just before the upload to the moment the completed event is read.
 */
public final class ScanApiRunner implements AutoCloseable {

    private final ApplicationContext context;
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> redis;
    private final RedisNames names;
    private final ObjectMapper json;
    private final Duration timeout;

    /**
     * Starts scan-api against {@code redisUri}. {@code extra} properties override the defaults (e.g. to turn
     * an outside service on for a run); {@code timeout} is the most one scan may take before it counts as failed.
     */
    public ScanApiRunner(String redisUri, Map<String, Object> extra, Duration timeout) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("redis.uri", redisUri);
        properties.put("scamscan.security.stream-token.secret", secret());
        properties.put("scamscan.security.rate-limit.scans-per-window", 0);
        properties.put("scamscan.security.rate-limit.connects-per-window", 0);
        properties.putAll(extra);
        this.context = ApplicationContext.run(properties);
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        this.base = URI.create("http://localhost:" + server.getPort());
        this.client = RedisClient.create(redisUri);
        this.redis = client.connect();
        this.names = context.getBean(RedisNames.class);
        this.json = context.getBean(ObjectMapper.class);
        this.timeout = timeout;
    }

    /** Scans every sample in turn (one at a time, so that each time is the time of one scan alone). */
    public List<Outcome> run(List<Sample> samples, Consumer<Outcome> progress) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Sample sample : samples) {
            Outcome outcome = scan(sample, Renderer.render(sample));
            outcomes.add(outcome);
            progress.accept(outcome);
        }
        return outcomes;
    }

    /** One upload, followed to its verdict. */
    public Outcome scan(Sample sample, Screenshot shot) {
        long start = System.nanoTime();
        HttpResponse<String> accepted = post(shot, sample.region());
        if (accepted.statusCode() != 202) {
            return Outcome.failed(sample, "upload answered " + accepted.statusCode(), since(start));
        }
        Map<String, Object> answer = read(accepted.body(), Map.class);
        String taskId = String.valueOf(answer.get("task_id"));
        String statusUrl = String.valueOf(answer.get("status_url"));
        String history = names.history(taskId);
        String last = "0-0";
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<StreamMessage<String, String>> messages = redis.sync().xread(
                    XReadArgs.Builder.block(Duration.ofMillis(500)).count(100), XReadArgs.StreamOffset.from(history, last));
            for (StreamMessage<String, String> message : messages) {
                last = message.getId();
                ProgressEvent event = read(message.getBody().get("event"), ProgressEvent.class);
                if (event.step() == Step.COMPLETED) {
                    Duration elapsed = since(start);
                    String status = status(statusUrl);
                    if (!status.contains("\"status\":\"completed\"")) {
                        return Outcome.failed(sample, "completed event but the task's status is not completed", elapsed);
                    }
                    return Outcome.judged(sample, event.verdict().label(), event.verdict().score(), elapsed);
                }
                if (event.step() == Step.FAILED) {
                    return Outcome.failed(sample, "task failed in " + Optional.ofNullable(event.tool()).orElse("agent"),
                            since(start));
                }
            }
        }
        return Outcome.failed(sample, "no verdict within " + timeout.toSeconds() + " s", since(start));
    }

    private HttpResponse<String> post(Screenshot shot, String region) {
        // a neutral file name: the sample's id says what it is
        Multipart body = new Multipart().file("image", "screenshot." + shot.extension(), shot.mediaType(), shot.bytes())
                .field("region", region);
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/scan-image")).header("Content-Type", body.contentType())
                    .POST(body.publisher()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String status(String statusUrl) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(statusUrl)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T read(String text, Class<?> type) {
        try {
            return (T) json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable answer from scan-api", e);
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String secret() {
        byte[] key = new byte[48];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Override
    public void close() {
        redis.close();
        client.shutdown();
        context.close();
    }
}
