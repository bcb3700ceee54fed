package com.scamscan.api.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.agent.AnalysisAgent;
import com.scamscan.api.queue.AgentSettings;
import com.scamscan.api.queue.DeadWorker;
import com.scamscan.api.queue.ScanQueue;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.redis.progress.ProgressHistory;
import com.scamscan.redis.progress.ProgressSettings;
import com.scamscan.progress.Step;
import com.scamscan.redis.RedisNames;
import com.scamscan.task.TaskId;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.task.TaskStatus;
import com.scamscan.testing.events.AnalysisRun;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workers on the stream, each test with a Redis of its own prepared before the workers start: a dead worker's scan
 * is taken over within the claim timeout (500 ms here, 15 s by default) with a {@code retrying} event first; a scan
 * delivered more than {@code max-attempts} times ends failed and goes to the dead letters; scans an earlier version left
 * on its lists are finished after the upgrade; the settings are checked together at startup.
 */
class ScanWorkersIT {

    private static final Duration CLAIM_TIMEOUT = Duration.ofMillis(500);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final RedisNames names = RedisNames.standalone();
    private RedisFixture redis;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private StatefulRedisConnection<String, byte[]> binary;

    @BeforeEach
    void start() {
        redis = RedisFixture.startNew();
        client = RedisClient.create(redis.uri());
        connection = client.connect();
        binary = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    @AfterEach
    void stop() {
        binary.close();
        connection.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void deadWorkersScanIsTakenOverWithinTheClaimTimeoutWithARetryingEventFirst() {
        String taskId = registeredWithUpload("Call +1 900 555 0199 now");
        String entry = DeadWorker.leave(connection.sync(), names, taskId, 1);
        long left = System.nanoTime();
        try (ApplicationContext context = workers()) {
            await().atMost(CLAIM_TIMEOUT.plus(POLL_TIMEOUT).plusSeconds(3)).until(() -> !history(context, taskId).isEmpty());
            Duration takeover = Duration.ofNanos(System.nanoTime() - left);
            ProgressEvent first = history(context, taskId).get(0);
            assertEquals(Step.RETRYING, first.step(), "the person hears first that another worker took over");
            assertEquals(AnalysisAgent.RETRYING_MESSAGE, first.message());
            assertTrue(takeover.compareTo(CLAIM_TIMEOUT) >= 0, "not before the claim timeout: " + takeover);

            await().atMost(Duration.ofSeconds(60)).until(() -> status(context, taskId).isFinished());
            assertEquals(TaskStatus.COMPLETED, status(context, taskId));
            AnalysisRun.assertCompleteAfterRetries(historyJson(context, taskId), 1);
            assertEquals(0L, connection.sync().xlen(names.scanStream()), "acknowledged and deleted");
            assertEquals(0L, connection.sync().exists(names.scanInput(taskId)));
            assertTrue(connection.sync().xrange(names.scanStream(), Range.create(entry, entry)).isEmpty());
        }
    }

    @Test
    void scanDeliveredMoreThanMaxAttemptsEndsFailedAndGoesToTheDeadLetters() {
        String taskId = registeredWithUpload("hello");
        String entry = DeadWorker.leave(connection.sync(), names, taskId, 2); // two workers started it and died
        try (ApplicationContext context = workers()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> status(context, taskId).isFinished());
            assertEquals(TaskStatus.FAILED, status(context, taskId));
            List<ProgressEvent> events = history(context, taskId);
            assertEquals(1, events.size(), "no analysis ran: " + events);
            assertEquals("The analysis was interrupted 2 times; please try again", events.get(0).message());

            List<StreamMessage<String, String>> dead = connection.sync().xrange(names.scanDeadLetters(), Range.create("-", "+"));
            assertEquals(1, dead.size());
            assertEquals(taskId, dead.get(0).getBody().get("task_id"));
            assertEquals(entry, dead.get(0).getBody().get("entry"));
            assertEquals("3", dead.get(0).getBody().get("deliveries"));
            assertEquals("The analysis was interrupted 2 times; please try again", dead.get(0).getBody().get("reason"));
            assertEquals(0L, connection.sync().xlen(names.scanStream()));
            long kept = connection.sync().pttl(names.scanInput(taskId));
            assertTrue(kept > 0 && kept <= Duration.ofHours(24).toMillis(), "kept for dead-letter-upload-ttl, for a replay: " + kept);
        }
    }

    @Test
    void scanWhoseTaskEndedBeforeItsAcknowledgementIsOnlyAcknowledgedAndAnUnreadableOneIsDeadLettered() {
        // a worker published the verdict and died before acknowledging, on the last attempt allowed
        String ended = registeredWithUpload("hello");
        connection.sync().hset(names.task(ended), "status", "completed");
        DeadWorker.leave(connection.sync(), names, ended, 2);
        String unreadable = registeredWithUpload("hello");
        connection.sync().hset(names.task(unreadable), "seq", "not a number");
        DeadWorker.leave(connection.sync(), names, unreadable, 1);
        try (ApplicationContext context = workers()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> connection.sync().xlen(names.scanStream()) == 0);
            List<StreamMessage<String, String>> dead = connection.sync().xrange(names.scanDeadLetters(), Range.create("-", "+"));
            assertEquals(List.of(unreadable), dead.stream().map(m -> m.getBody().get("task_id")).toList(),
                    "the ended task is acknowledged, not dead-lettered; the unreadable one does not circle for ever");
            assertEquals("unreadable task record", dead.get(0).getBody().get("reason"));
            assertEquals("completed", connection.sync().hget(names.task(ended), "status"));
            assertTrue(historyJson(context, ended).isEmpty(), "nothing published for the ended task");
        }
    }

    @Test
    void scansLeftOnTheOldListsAreFinishedAfterTheUpgrade() {
        String taken = registeredWithUpload("Dinner on Friday?");
        String waiting = registeredWithUpload("See you at 7");
        connection.sync().lpush(names.legacyScanProcessing(), taken);
        connection.sync().lpush(names.legacyScanQueue(), waiting);
        try (ApplicationContext context = workers()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> status(context, taken).isFinished() && status(context, waiting).isFinished());
            assertEquals(TaskStatus.COMPLETED, status(context, taken));
            assertEquals(TaskStatus.COMPLETED, status(context, waiting));
            assertEquals(0L, connection.sync().exists(names.legacyScanQueue(), names.legacyScanProcessing()));
            assertEquals(0L, connection.sync().xlen(names.scanStream()));
        }
    }

    @Test
    void settingsAreCheckedTogetherAtStartup() {
        IllegalArgumentException slow = assertThrows(IllegalArgumentException.class, () -> settings(Duration.ofSeconds(30), Duration.ofSeconds(1)));
        assertTrue(slow.getMessage().startsWith("scamscan.agent.claim-timeout + .poll-timeout (PT31S, how long a dead worker's"
                + " scan may wait before another worker takes it) must be at most half of scamscan.agent.no-progress-timeout (PT1M"),
                slow.getMessage());
        IllegalArgumentException poll = assertThrows(IllegalArgumentException.class, () -> settings(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        assertTrue(poll.getMessage().startsWith("scamscan.agent.poll-timeout must be at least 10ms and shorter than .claim-timeout"),
                poll.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings(Duration.ofMillis(50), Duration.ofMillis(10)));

        try (ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1,
                "redis.uri", redis.uri(), "scamscan.agent.enabled", "false"))) {
            AgentSettings defaults = context.getBean(AgentSettings.class);
            assertEquals(Duration.ofSeconds(15), defaults.claimTimeout());
            assertEquals(Duration.ofSeconds(1), defaults.pollTimeout());
            assertEquals(Duration.ofSeconds(5), defaults.touchInterval());
            assertTrue(defaults.claimTimeout().plus(defaults.pollTimeout()).compareTo(Duration.ofSeconds(60).dividedBy(2)) <= 0,
                    "a dead worker's scan is back within half the gateway's default no-progress timeout (60 s)");
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1, "redis.uri", redis.uri(),
                "scamscan.agent.enabled", "false", "scamscan.agent.poll-timeout", "5s", "scamscan.agent.claim-timeout", "20s"))) {
            BeanInstantiationException blocking = assertThrows(BeanInstantiationException.class, () -> context.getBean(ScanQueue.class));
            assertTrue(String.valueOf(rootCause(blocking).getMessage()).startsWith("scamscan.agent.poll-timeout (PT5S, how long a"
                    + " worker's XREADGROUP blocks) must be shorter than redis.command-timeout (PT5S)"), rootCause(blocking).getMessage());
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1,
                "redis.uri", redis.uri(), "scamscan.agent.enabled", "false", "scamscan.agent.lease-ttl", "20s"))) {
            BeanInstantiationException retired = assertThrows(BeanInstantiationException.class, () -> context.getBean(ScanQueue.class));
            assertTrue(String.valueOf(rootCause(retired).getMessage()).startsWith("scamscan.agent.lease-ttl is no longer used"),
                    rootCause(retired).getMessage());
        }
    }

    private static AgentSettings settings(Duration claimTimeout, Duration pollTimeout) {
        return new AgentSettings(true, 1, claimTimeout, pollTimeout, Duration.ofSeconds(120), 2, Duration.ofSeconds(30),
                Duration.ofSeconds(60), 10_000, Duration.ofHours(24));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private ApplicationContext workers() {
        return ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "redis.uri", redis.uri(),
                "scamscan.scamdb.import-sample", "false",
                "scamscan.agent.max-attempts", "2",
                "scamscan.agent.claim-timeout", CLAIM_TIMEOUT.toMillis() + "ms",
                "scamscan.agent.poll-timeout", POLL_TIMEOUT.toMillis() + "ms"));
    }

    /** A task registered (queued) with its upload stored, as scan-api's submission leaves it, but on no queue. */
    private String registeredWithUpload(String text) {
        String taskId = TaskId.random();
        List<String> fields = TaskRegistry.initialFields(Instant.now());
        for (int i = 0; i < fields.size(); i += 2) {
            connection.sync().hset(names.task(taskId), fields.get(i), fields.get(i + 1));
        }
        connection.sync().expire(names.task(taskId), ProgressSettings.defaults().ttl().toSeconds());
        binary.sync().hset(names.scanInput(taskId), Map.of("image", Images.screenshot("png", text),
                "image_type", bytes("PNG"), "text", bytes(""), "region", bytes("US")));
        return taskId;
    }

    private static TaskStatus status(ApplicationContext context, String taskId) {
        return context.getBean(TaskRegistry.class).find(taskId).toCompletableFuture().join().orElseThrow().status();
    }

    private static List<String> historyJson(ApplicationContext context, String taskId) {
        return context.getBean(ProgressHistory.class).after(taskId, 0).toCompletableFuture().join();
    }

    private static List<ProgressEvent> history(ApplicationContext context, String taskId) {
        ObjectMapper json = context.getBean(ObjectMapper.class);
        List<ProgressEvent> events = new ArrayList<>();
        for (String text : historyJson(context, taskId)) {
            try {
                events.add(json.readValue(text, ProgressEvent.class));
            } catch (IOException e) {
                throw new AssertionError(text, e);
            }
        }
        return events;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
