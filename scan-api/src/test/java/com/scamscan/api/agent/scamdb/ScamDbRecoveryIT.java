package com.scamscan.api.agent.scamdb;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.scan.ImageType;
import com.scamscan.api.scan.ScanInput;
import com.scamscan.api.scan.ScanSubmissions;
import com.scamscan.progress.Verdict;
import com.scamscan.task.TaskId;
import com.scamscan.task.TaskRecord;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis that comes back without its data (a restart without persistence, a FLUSHALL) no longer silently empties the
 * scam database until scan-api restarts: {@code /health} shows the scam database DEGRADED while a feed's data is gone,
 * the next scan's lookups re-import it first (the same message gets the same verdict as before), and the check on
 * {@code check-interval} re-imports it without any scan. On a Redis of its own, really killed and restarted.
 */
class ScamDbRecoveryIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Listed in the shipped sample (scamdb/sample-phones.txt). */
    private static final String LISTED_PHONE = "+19005550199";
    private static final String REASON = "The number " + LISTED_PHONE + " is reported for scam calls or texts";

    private RedisFixture redis;
    private EmbeddedServer server;

    @BeforeEach
    void startRedis() {
        redis = RedisFixture.startNew();
        Assumptions.assumeTrue(redis.controllable(), "REDIS_URL servers cannot be restarted by tests");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        redis.close();
    }

    @Test
    void afterARestartWithoutDataHealthIsDegradedAndTheNextScanReimportsFirst() {
        start("1h"); // no scheduled check during the test: only the scan's lookups may notice
        ScamDatabase database = server.getApplicationContext().getBean(ScamDatabase.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> has(database, LISTED_PHONE));
        assertEquals("UP", scamDatabase().get("status"));
        Verdict before = scan();
        assertTrue(before.reasons().contains(REASON), before.reasons().toString());

        redis.kill(); // no save: the server comes back empty
        redis.start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "UP".equals(component("redis").get("status")));
        Map<String, Object> degraded = scamDatabase();
        assertEquals("DEGRADED", degraded.get("status"), degraded.toString());
        assertTrue(feed(degraded, "sample").get("status").toString().startsWith("missing"), degraded.toString());

        Verdict after = scan();
        assertTrue(after.reasons().contains(REASON), "re-imported before the lookups: " + after.reasons());
        assertEquals(before.score(), after.score());
        assertEquals(before.reasons(), after.reasons());
        assertEquals("UP", scamDatabase().get("status"));
    }

    @Test
    void theScheduledCheckReimportsAfterAFlushWithoutAnyScan() {
        start("200ms");
        ScamDatabase database = server.getApplicationContext().getBean(ScamDatabase.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> has(database, LISTED_PHONE));

        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            admin.sync().flushall();
            assertEquals(0L, admin.sync().dbsize());
        } finally {
            client.shutdown();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> has(database, LISTED_PHONE));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "UP".equals(scamDatabase().get("status")));
    }

    @Test
    void setsShortOfTheirRecordedEntriesAreMissingButAFeedThatNeverLoadedIsNot() {
        assertEquals(FeedRefresher.Presence.MISSING, FeedRefresher.presence(Map.of(), 0));
        Map<String, String> loaded = Map.of(FeedState.LAST_SUCCESS, "2026-11-27T10:00:00Z",
                FeedState.LAST_ATTEMPT, "2026-11-27T10:00:00Z", FeedState.ENTRIES, "13");
        assertEquals(FeedRefresher.Presence.INTACT, FeedRefresher.presence(loaded, 13));
        assertEquals(FeedRefresher.Presence.MISSING, FeedRefresher.presence(loaded, 9), "a set evicted");
        assertEquals(FeedRefresher.Presence.NOT_LOADED, FeedRefresher.presence(Map.of(FeedState.LAST_ATTEMPT,
                "2026-11-27T10:00:00Z", FeedState.LAST_ERROR, "HTTP 500"), 0));
    }

    private void start(String checkInterval) {
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "redis.uri", redis.uri(),
                "redis.reconnect-delay-min", "50ms",
                "redis.reconnect-delay-max", "200ms",
                "scamscan.scamdb.check-interval", checkInterval));
    }

    /** One scan of a message naming the listed number, through the queue and the real agent. */
    private Verdict scan() {
        String taskId = TaskId.random();
        ScanSubmissions submissions = server.getApplicationContext().getBean(ScanSubmissions.class);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> submissions.submit(
                taskId, new ScanInput(Images.screenshot("png", "hello"), ImageType.PNG, "Your account is locked. Call " + LISTED_PHONE + " now",
                "US"), Instant.now()).toCompletableFuture().join() == ScanSubmissions.Outcome.QUEUED);
        TaskRegistry registry = server.getApplicationContext().getBean(TaskRegistry.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> registry.find(taskId).toCompletableFuture().join()
                .map(TaskRecord::status).map(s -> s.isFinished()).orElse(false));
        TaskRecord done = registry.find(taskId).toCompletableFuture().join().orElseThrow();
        assertTrue(done.verdict() != null, "completed: " + done);
        return done.verdict();
    }

    private static boolean has(ScamDatabase database, String phone) {
        try {
            return database.hasPhone(phone).toCompletableFuture().join();
        } catch (RuntimeException e) {
            return false; // Redis still reconnecting
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> feed(Map<String, Object> scamDatabase, String name) {
        Map<String, Object> details = (Map<String, Object>) scamDatabase.get("details");
        return ((Map<String, Map<String, Object>>) details.get("feeds")).get(name);
    }

    private Map<String, Object> scamDatabase() {
        return component(ScamDbHealthIndicator.NAME);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> component(String name) {
        Map<String, Object> details = (Map<String, Object>) health().get("details");
        return Optional.ofNullable((Map<String, Object>) details.get(name)).orElseThrow(() -> new AssertionError(details));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> health() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, Object> body = server.getApplicationContext().getBean(ObjectMapper.class).readValue(response.body(), Map.class);
            if (!"DOWN".equals(body.get("status"))) {
                assertEquals(200, response.statusCode(), response.body());
            }
            return body;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
