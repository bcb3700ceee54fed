package com.scamscan.redis.progress;

import com.scamscan.redis.task.TestTasks;
import com.scamscan.progress.Entities;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.task.TaskId;
import com.scamscan.task.TaskRecord;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.task.TaskStatus;
import com.scamscan.testing.SharedRedis;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The publisher's guarantees against a real Redis: on a single server ({@link ProgressPublisherIT}) and on a local
 * Redis Cluster ({@link ProgressPublisherClusterIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProgressPublisherContract {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00.123Z");

    private SharedRedis redis;
    private RedisClusterCommands<String, String> sync;

    private final ProgressSettings settings = ProgressSettings.defaults();
    private ProgressPublisher publisher;
    private TaskRegistry registry;
    private TestTasks tasks;

    /** A client on the Redis under test. */
    protected abstract SharedRedis connect();

    @BeforeAll
    void start() {
        redis = connect();
        sync = redis.connection.sync();
        publisher = redis.publisher(settings);
        registry = redis.registry();
        tasks = redis.tasks(settings);
    }

    @AfterAll
    void disconnect() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void seqIsGaplessAndStrictlyIncreasingUnderEightConcurrentPublishers() throws Exception {
        int publishers = 8;
        int eventsEach = 500;
        String taskId = registeredTask();
        ProgressSettings roomy = new ProgressSettings(publishers * eventsEach, Duration.ofHours(1));
        List<SharedRedis> connections = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                SharedRedis own = redis.again();
                connections.add(own);
                ProgressPublisher each = own.publisher(roomy);
                results.add(pool.submit(() -> {
                    go.await();
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < eventsEach; i++) {
                        seqs.add(each.publish(taskId, event(Step.SCAM_DB, 30)).toCompletableFuture().join().seq());
                    }
                    return seqs;
                }));
            }
            go.countDown();
            List<Long> assigned = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                List<Long> seqs = result.get();
                for (int i = 1; i < seqs.size(); i++) {
                    assertTrue(seqs.get(i) > seqs.get(i - 1), "one publisher's seqs must increase");
                }
                assigned.addAll(seqs);
            }
            Collections.sort(assigned);
            List<Long> expected = LongStream.rangeClosed(1, publishers * eventsEach).boxed().toList();
            assertEquals(expected, assigned, "every seq from 1 to 4000 exactly once");

            List<StreamMessage<String, String>> history = sync.xrange(redis.names.history(taskId), Range.create("-", "+"));
            List<Long> inHistory = history.stream().map(m -> seqOf(m.getBody().get("event"))).toList();
            assertEquals(expected, inHistory, "history holds them in seq order");
            for (StreamMessage<String, String> message : history) {
                assertEquals(seqOf(message.getBody().get("event")) + "-0", message.getId());
            }
            assertEquals("4000", sync.hget(redis.names.task(taskId), "seq"));
        } finally {
            pool.shutdownNow();
            connections.forEach(SharedRedis::close);
        }
    }

    @Test
    void historyKeepsOnlyTheNewestEventsUpToItsLength() {
        ProgressPublisher capped = redis.publisher(new ProgressSettings(10, Duration.ofHours(1)));
        String taskId = registeredTask();
        for (int i = 0; i < 25; i++) {
            capped.publish(taskId, event(Step.SCAM_DB, 30)).toCompletableFuture().join();
        }
        List<StreamMessage<String, String>> history = sync.xrange(redis.names.history(taskId), Range.create("-", "+"));
        assertEquals(10, history.size());
        assertEquals(16L, seqOf(history.get(0).getBody().get("event")));
        assertEquals(25L, seqOf(history.get(9).getBody().get("event")));
    }

    @Test
    void historyAndRecordLiveForTheTtlAfterTheLastEvent() {
        String taskId = registeredTask();
        publisher.publish(taskId, event(Step.SCAM_DB, 30)).toCompletableFuture().join();
        long dayMillis = Duration.ofHours(24).toMillis();
        long historyTtl = sync.pttl(redis.names.history(taskId));
        long recordTtl = sync.pttl(redis.names.task(taskId));
        assertTrue(historyTtl > dayMillis - 60_000 && historyTtl <= dayMillis, "history TTL ~24 h, was " + historyTtl);
        assertTrue(recordTtl > dayMillis - 60_000 && recordTtl <= dayMillis, "record TTL ~24 h, was " + recordTtl);
    }

    @Test
    void historyAndRecordExpire() {
        ProgressSettings shortLived = new ProgressSettings(1000, Duration.ofSeconds(1));
        String taskId = TaskId.random();
        redis.tasks(shortLived).create(taskId, AT).toCompletableFuture().join();
        redis.publisher(shortLived).publish(taskId, event(Step.SCAM_DB, 30)).toCompletableFuture().join();
        assertEquals(1L, sync.exists(redis.names.history(taskId)));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                sync.exists(redis.names.history(taskId), redis.names.task(taskId)) == 0L);
    }

    @Test
    void subscriberReceivesExactlyTheJsonHistoryHolds() {
        String taskId = registeredTask();
        List<String> received = new CopyOnWriteArrayList<>();
        try (StatefulRedisPubSubConnection<String, String> sub = redis.subscribe(redis.names.progressChannel(taskId), received::add)) {

            List<String> returned = new ArrayList<>();
            returned.add(publisher.publish(taskId, ProgressEvent.progress(Step.ENTITY_EXTRACTION, "entity_extraction",
                    "Reading the screenshot...", 10, AT)).toCompletableFuture().join().json());
            returned.add(publisher.publish(taskId, ProgressEvent.progress(Step.SCAM_DB, "scam_db",
                    "Checking scam database \"quoted\" ünïcödé…", 30, AT)).toCompletableFuture().join().json());
            returned.add(publisher.publish(taskId, ProgressEvent.completed("reasoning", "Analysis complete!",
                    new Verdict(VerdictLabel.LIKELY_SAFE, 5, List.of("nothing found"), Entities.none()), AT))
                    .toCompletableFuture().join().json());

            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);
            List<String> history = sync.xrange(redis.names.history(taskId), Range.create("-", "+")).stream()
                    .map(m -> m.getBody().get("event")).toList();
            assertEquals(history, received);
            assertEquals(returned, received);
            assertEquals("{\"seq\":2,\"step\":\"scam_db\",\"tool\":\"scam_db\","
                    + "\"message\":\"Checking scam database \\\"quoted\\\" ünïcödé…\",\"percent\":30,"
                    + "\"timestamp\":\"2026-11-25T10:00:00.123Z\"}", received.get(1));
        }
    }

    @Test
    void eventForOneTaskNeverReachesAnothersChannel() {
        String mine = registeredTask();
        String other = registeredTask();
        List<String> onMine = new CopyOnWriteArrayList<>();
        try (StatefulRedisPubSubConnection<String, String> sub = redis.subscribe(redis.names.progressChannel(mine), onMine::add)) {
            for (int i = 0; i < 20; i++) {
                publisher.publish(other, event(Step.SCAM_DB, 30)).toCompletableFuture().join();
            }
            // Redis delivers one connection's publishes in order: once mine arrives, other's would have too.
            String sentinel = publisher.publish(mine, event(Step.REASONING, 90)).toCompletableFuture().join().json();
            await().atMost(Duration.ofSeconds(5)).until(() -> !onMine.isEmpty());
            assertEquals(List.of(sentinel), onMine);
        }
    }

    @Test
    void taskRecordFollowsTheEventsAndKeepsTheVerdict() {
        String taskId = registeredTask();
        publisher.publish(taskId, event(Step.ENTITY_EXTRACTION, 15)).toCompletableFuture().join();
        TaskRecord running = registry.find(taskId).toCompletableFuture().join().orElseThrow();
        assertEquals(TaskStatus.RUNNING, running.status());
        assertEquals(Step.ENTITY_EXTRACTION, running.step());
        assertEquals(15, running.percent());
        assertEquals(1, running.seq());

        Verdict verdict = new Verdict(VerdictLabel.SCAM, 88, List.of("lookalike of paypal.com"),
                new Entities(List.of(), List.of("paypa1.com"), List.of(), List.of()));
        publisher.publish(taskId, ProgressEvent.completed("reasoning", "Analysis complete!", verdict,
                AT.plusSeconds(5))).toCompletableFuture().join();
        TaskRecord done = registry.find(taskId).toCompletableFuture().join().orElseThrow();
        assertEquals(TaskStatus.COMPLETED, done.status());
        assertEquals(100, done.percent());
        assertEquals(2, done.seq());
        assertEquals(verdict, done.verdict());
        assertEquals(AT.plusSeconds(5), done.updatedAt());
        assertEquals(AT, done.createdAt());
    }

    @Test
    void unknownTaskIsRefusedAndNothingIsWritten() {
        String taskId = TaskId.random();
        PublishRejectedException rejected = rejection(publisher.publish(taskId, event(Step.SCAM_DB, 30)));
        assertEquals(PublishRejectedException.Reason.UNKNOWN_TASK, rejected.reason());
        assertEquals(0L, sync.exists(redis.names.task(taskId), redis.names.history(taskId)));
    }

    @Test
    void finishedTaskRefusesFurtherEvents() {
        String taskId = registeredTask();
        publisher.publish(taskId, ProgressEvent.failed("scam_db", "database unreachable", 30, AT))
                .toCompletableFuture().join();
        PublishRejectedException rejected = rejection(publisher.publish(taskId, event(Step.EXA_SEARCH, 50)));
        assertEquals(PublishRejectedException.Reason.TASK_FINISHED, rejected.reason());
        assertEquals(1L, sync.xlen(redis.names.history(taskId)));
    }

    @Test
    void percentNeverGoesDown() {
        String taskId = registeredTask();
        publisher.publish(taskId, event(Step.EXA_SEARCH, 50)).toCompletableFuture().join();
        PublishRejectedException rejected = rejection(publisher.publish(taskId, event(Step.SCAM_DB, 30)));
        assertEquals(PublishRejectedException.Reason.PERCENT_DECREASED, rejected.reason());
        assertEquals("1", sync.hget(redis.names.task(taskId), "seq"), "a refused event takes no seq");
        assertEquals(2L, publisher.publish(taskId, event(Step.DOMAIN_REPUTATION, 50)).toCompletableFuture().join().seq());
    }

    @Test
    void eventsOutsideTheContractNeverReachRedis() {
        String taskId = registeredTask();
        assertInstanceOf(IllegalArgumentException.class, failure(publisher.publish(taskId, event(Step.SCAM_DB, 30).withSeq(9))));
        assertInstanceOf(IllegalArgumentException.class, failure(publisher.publish(taskId, ProgressEvent.connected(AT))));
        assertInstanceOf(IllegalArgumentException.class, failure(publisher.publish(taskId, ProgressEvent.error("x", AT))));
        assertInstanceOf(IllegalArgumentException.class, failure(publisher.publish("bad id", event(Step.SCAM_DB, 30))));
        assertEquals("0", sync.hget(redis.names.task(taskId), "seq"));
    }

    @Test
    void anEventOverTheSizeLimitIsRefusedWithItsSizeAndNothingIsWritten() {
        String taskId = registeredTask();
        ProgressEvent huge = ProgressEvent.progress(Step.SCAM_DB, "scam_db", "x".repeat(ProgressPublisher.MAX_EVENT_BYTES), 30, AT);
        Throwable failure = failure(publisher.publish(taskId, huge));
        assertInstanceOf(IllegalArgumentException.class, failure);
        assertTrue(failure.getMessage().contains("at most " + ProgressPublisher.MAX_EVENT_BYTES + " bytes"), failure.getMessage());
        assertEquals("0", sync.hget(redis.names.task(taskId), "seq"));
        ProgressEvent large = ProgressEvent.progress(Step.SCAM_DB, "scam_db", "x".repeat(ProgressPublisher.MAX_EVENT_BYTES - 200), 30, AT);
        assertEquals(1L, publisher.publish(taskId, large).toCompletableFuture().join().seq());
    }

    @Test
    void publishingSurvivesAFlushedScriptCache() {
        String taskId = registeredTask();
        publisher.publish(taskId, event(Step.SCAM_DB, 30)).toCompletableFuture().join();
        RedisClusterCommands<String, String> server = redis.serverOf(redis.names.task(taskId));
        server.scriptFlush();
        assertFalse(server.scriptExists(PublisherScript.sha1()).get(0));
        assertEquals(2L, publisher.publish(taskId, event(Step.SCAM_DB, 30)).toCompletableFuture().join().seq());
        assertTrue(server.scriptExists(PublisherScript.sha1()).get(0), "EVAL after NOSCRIPT caches the script again");
    }

    @Test
    void retryWithTheSameKeyPublishesOnce() {
        String taskId = registeredTask();
        PublishedEvent first = publisher.publish(taskId, event(Step.SCAM_DB, 30), "scam_db:start").toCompletableFuture().join();
        PublishedEvent retried = publisher.publish(taskId, event(Step.SCAM_DB, 30), "scam_db:start").toCompletableFuture().join();
        assertEquals(first, retried);
        assertEquals(1L, sync.xlen(redis.names.history(taskId)));

        Verdict verdict = new Verdict(VerdictLabel.SUSPICIOUS, 40, List.of("x"), Entities.none());
        ProgressEvent done = ProgressEvent.completed("reasoning", "Analysis complete!", verdict, AT);
        PublishedEvent completed = publisher.publish(taskId, done, "completed").toCompletableFuture().join();
        assertEquals(completed, publisher.publish(taskId, done, "completed").toCompletableFuture().join(),
                "a retried final event is not refused as TASK_FINISHED");
        assertEquals(2L, sync.xlen(redis.names.history(taskId)));
        assertEquals(2L, publisher.publish(registeredTaskWithOneEvent(), event(Step.SCAM_DB, 30), "scam_db:start")
                .toCompletableFuture().join().seq(), "another task's equal key is not a retry");
    }

    private String registeredTaskWithOneEvent() {
        String taskId = registeredTask();
        publisher.publish(taskId, event(Step.ENTITY_EXTRACTION, 10), "entity_extraction:start").toCompletableFuture().join();
        return taskId;
    }

    private String registeredTask() {
        String taskId = TaskId.random();
        assertTrue(tasks.create(taskId, AT).toCompletableFuture().join());
        return taskId;
    }

    private static ProgressEvent event(Step step, int percent) {
        return ProgressEvent.progress(step, step.wireName(), "Working on " + step, percent, AT);
    }

    private static long seqOf(String json) {
        int start = json.indexOf("\"seq\":") + 6;
        return Long.parseLong(json.substring(start, json.indexOf(',', start)));
    }

    private static Throwable failure(java.util.concurrent.CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static PublishRejectedException rejection(java.util.concurrent.CompletionStage<?> stage) {
        return assertInstanceOf(PublishRejectedException.class, failure(stage));
    }

    /** The publisher's script as Redis knows it, by its SHA-1. */
    private static final class PublisherScript {
        static String sha1() {
            return com.scamscan.redis.RedisScript.fromResource(ProgressPublisher.class, "publish.lua").sha1();
        }
    }
}
