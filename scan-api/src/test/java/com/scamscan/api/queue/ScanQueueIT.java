package com.scamscan.api.queue;

import com.scamscan.redis.task.TestTasks;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.scan.BinaryRedis;
import com.scamscan.api.scan.ImageType;
import com.scamscan.api.scan.ScanInput;
import com.scamscan.api.scan.ScanSubmissions;
import com.scamscan.redis.RedisConnections;
import com.scamscan.redis.RedisNames;
import com.scamscan.task.TaskId;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue's own rules on the stream and its consumer group, on a Redis of its own (no worker of this instance
 * competes for the scans; "workers" here are consumer names); on a Redis Cluster, where the upload is a step of its
 * own beside the stream's scripts, in {@link ScanQueueClusterIT}; across a Redis restart in {@link ScanQueueRestartIT}.
 * A claim timeout of 1 s stands for the default's 15 s.
 */
class ScanQueueIT {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(1); // long enough that no step of a test outlasts it

    private RedisFixture redis;
    private ApplicationContext context;
    private RedisConnections.Connection<byte[]> blocking;
    private ScanQueue queue;
    private RedisNames names;

    /** Where the app finds Redis. */
    protected Map<String, Object> redisProperties() {
        redis = RedisFixture.startNew();
        return Map.of("redis.uri", redis.uri());
    }

    private Map<String, Object> properties;

    @BeforeEach
    void start() {
        properties = new HashMap<>(redisProperties());
        properties.putAll(Map.of("micronaut.server.port", -1, "scamscan.agent.enabled", "false",
                "scamscan.agent.max-attempts", "2", "scamscan.agent.claim-timeout", CLAIM_TIMEOUT.toMillis() + "ms",
                "scamscan.agent.poll-timeout", "100ms"));
        context = ApplicationContext.run(properties);
        blocking = context.getBean(RedisConnections.class).connect(BinaryRedis.CODEC);
        queue = context.getBean(ScanQueue.class);
        names = context.getBean(RedisNames.class);
        // a shared cluster keeps earlier tests' streams
        blocking.sync().del(names.scanStream(), names.scanDeadLetters(), names.legacyScanQueue(), names.legacyScanProcessing());
        queue.createGroup();
    }

    @AfterEach
    void stop() {
        if (blocking != null) { // null when the cluster variant was skipped
            blocking.close();
            context.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void deliveredScanCarriesItsTaskAndUploadAndIsPendingWithItsWorker() {
        String taskId = submit();
        String entry = string(blocking.sync().hget(names.task(taskId), RedisNames.queueEntryField()));
        assertEquals(1L, blocking.sync().xlen(names.scanStream()));
        ScanQueue.Delivery delivery = take("worker-a").orElseThrow();
        assertEquals(new ScanQueue.Delivery(entry, taskId, 1), delivery, "the task record knows its entry");
        assertEquals(new Claim.Claimed(delivery, new ScanInput(new byte[]{1, 2, 3}, ImageType.PNG, "the text", "US"), 0, false),
                queue.claim(delivery), "the upload as submitted, a fresh task");
        assertEquals("worker-a", pendingConsumer(entry));
        assertTrue(take("worker-b").isEmpty(), "a scan is delivered to one worker");
    }

    @Test
    void claimTellsTheWorkerWhatToDoWithTheScanFromItsRecordAndUpload() {
        String taskId = submit();
        blocking.sync().hset(names.task(taskId), Map.of("status", bytes("running"), "percent", bytes("45")));
        ScanQueue.Delivery first = new ScanQueue.Delivery("1-0", taskId, 1);
        assertEquals(new Claim.Claimed(first, new ScanInput(new byte[]{1, 2, 3}, ImageType.PNG, "the text", "US"), 45, true),
                queue.claim(first), "started by a worker before: resumed from the percent it reached");
        ScanQueue.Delivery third = new ScanQueue.Delivery("1-0", taskId, 3);
        assertEquals(new Claim.OutOfAttempts(third, 45), queue.claim(third), "max-attempts is 2");

        blocking.sync().del(names.scanInput(taskId));
        assertEquals(new Claim.Expired(first, 45), queue.claim(first));
        assertEquals(new Claim.OutOfAttempts(third, 45), queue.claim(third), "attempts are counted before the upload");

        blocking.sync().hset(names.task(taskId), "status", bytes("completed"));
        assertEquals(new Claim.Ended(third), queue.claim(third), "an ended task is only acknowledged, even out of attempts");
        blocking.sync().del(names.task(taskId));
        assertEquals(new Claim.Ended(first), queue.claim(first), "so is an expired one");

        String unreadable = submit();
        blocking.sync().hset(names.task(unreadable), "seq", bytes("not a number"));
        ScanQueue.Delivery delivery = new ScanQueue.Delivery("2-0", unreadable, 1);
        assertEquals(new Claim.Unusable(delivery, "unreadable task record"), queue.claim(delivery));
        ScanQueue.Delivery invalid = new ScanQueue.Delivery("3-0", "not a task id!", 1);
        assertEquals(new Claim.Unusable(invalid, "not a task id"), queue.claim(invalid));
    }

    @Test
    void completedScanLeavesNothingBehind() {
        String taskId = submit();
        ScanQueue.Delivery delivery = take("worker-a").orElseThrow();
        assertTrue(queue.complete(delivery, "worker-a"));
        assertEquals(0L, blocking.sync().exists(names.scanInput(taskId)));
        assertEquals(0L, blocking.sync().xlen(names.scanStream()), "acknowledged and deleted together");
        assertEquals(0L, blocking.sync().xpending(names.scanStream(), names.scanGroup()).getCount());
    }

    @Test
    void scanOfAWorkerThatHangsPastTheClaimTimeoutGoesToAnotherAndCannotBeFinishedTwice() {
        String taskId = submit();
        ScanQueue.Delivery first = take("worker-a").orElseThrow();
        // worker-a hangs: no touch. worker-b's polls take the scan over once it is idle for the claim timeout
        long before = System.nanoTime();
        ScanQueue.Delivery second = await().atMost(Duration.ofSeconds(5)).until(() -> take("worker-b"), Optional::isPresent).orElseThrow();
        assertTrue(System.nanoTime() - before >= CLAIM_TIMEOUT.toNanos() - TimeUnit.MILLISECONDS.toNanos(50), "not before the timeout");
        assertEquals(new ScanQueue.Delivery(first.entryId(), taskId, 2), second, "the same entry, its second delivery");
        assertEquals("worker-b", pendingConsumer(first.entryId()));

        assertFalse(queue.touch(first, "worker-a"), "worker-a learns it lost the scan when it wakes up");
        assertFalse(queue.complete(first, "worker-a"), "and cannot finish it");
        assertFalse(queue.release(first, "worker-a"));
        assertEquals("worker-b", pendingConsumer(first.entryId()), "the scan stays worker-b's");
        assertEquals(1L, blocking.sync().exists(names.scanInput(taskId)), "its upload too");
        assertTrue(queue.touch(second, "worker-b"));
        assertTrue(queue.complete(second, "worker-b"));
        assertFalse(queue.complete(second, "worker-b"), "finished once");
        assertEquals(0L, blocking.sync().xlen(names.scanStream()));
    }

    @Test
    void scanWhoseWorkerTouchesItIsNeverTakenOver() {
        submit();
        ScanQueue.Delivery held = take("worker-a").orElseThrow();
        ScheduledExecutorService touching = Executors.newSingleThreadScheduledExecutor();
        AtomicReference<Boolean> lost = new AtomicReference<>(false);
        touching.scheduleAtFixedRate(() -> lost.compareAndSet(false, !queue.touch(held, "worker-a")),
                0, CLAIM_TIMEOUT.toMillis() / 3, TimeUnit.MILLISECONDS);
        try {
            await().during(CLAIM_TIMEOUT.multipliedBy(4)).atMost(CLAIM_TIMEOUT.multipliedBy(8))
                    .until(() -> take("worker-b").isEmpty());
        } finally {
            touching.shutdownNow();
        }
        assertFalse(lost.get());
        assertEquals("worker-a", pendingConsumer(held.entryId()));
        assertEquals(1L, blocking.sync().xpending(names.scanStream(), names.scanGroup()).getCount());
    }

    @Test
    void releasedScanIsNextInLineAndKeepsItsAttempts() {
        String first = submit();
        String second = submit();
        ScanQueue.Delivery taken = take("worker-a").orElseThrow();
        assertEquals(first, taken.taskId());
        assertTrue(queue.release(taken, "worker-a")); // a polite stop (shutdown)
        ScanQueue.Delivery again = take("worker-b").orElseThrow();
        assertEquals(new ScanQueue.Delivery(taken.entryId(), first, 1), again,
                "at once, not after the claim timeout, first in line, and a polite stop uses no attempt");
        assertEquals(second, take("worker-b").orElseThrow().taskId());
    }

    @Test
    void buriedScanMovesToTheDeadLetters() {
        String taskId = submit();
        ScanQueue.Delivery delivery = take("worker-a").orElseThrow();
        assertFalse(queue.bury(delivery, "worker-b", "out of attempts"), "only its holder moves it");
        assertTrue(queue.bury(delivery, "worker-a", "out of attempts"));
        assertEquals(0L, blocking.sync().xlen(names.scanStream()));
        assertEquals(0L, blocking.sync().xpending(names.scanStream(), names.scanGroup()).getCount());
        long kept = blocking.sync().pttl(names.scanInput(taskId));
        assertTrue(kept > Duration.ofHours(23).toMillis() && kept <= Duration.ofHours(24).toMillis(),
                "the upload is kept for dead-letter-upload-ttl (24 h), for a replay: " + kept);
        List<StreamMessage<String, byte[]>> dead = blocking.sync().xrange(names.scanDeadLetters(), Range.create("-", "+"));
        assertEquals(1, dead.size());
        Map<String, byte[]> fields = dead.get(0).getBody();
        assertEquals(taskId, string(fields.get("task_id")));
        assertEquals(delivery.entryId(), string(fields.get("entry")));
        assertEquals("1", string(fields.get("deliveries")));
        assertEquals("worker-a", string(fields.get("consumer")));
        assertEquals("out of attempts", string(fields.get("reason")));
    }

    @Test
    void operatorReplaysADeadLetterAsANewTaskFromItsKeptUpload() {
        String taskId = submit();
        ScanQueue.Delivery delivery = take("worker-a").orElseThrow();
        assertTrue(queue.bury(delivery, "worker-a", "out of attempts"));
        DeadLetters letters = context.getBean(DeadLetters.class);
        List<DeadLetters.DeadLetter> listed = letters.list(10);
        assertEquals(1, listed.size());
        DeadLetters.DeadLetter letter = listed.get(0);
        assertEquals(new DeadLetters.DeadLetter(letter.id(), taskId, "1", "worker-a", "out of attempts", true), letter);

        DeadLetters.Replay.Replayed replayed = (DeadLetters.Replay.Replayed) letters.replay(letter.id());
        assertEquals(taskId, replayed.oldTaskId());
        assertNotEquals(taskId, replayed.newTaskId(), "a new task: the old one has ended and its person was told");
        assertTrue(replayed.statusUrl().startsWith("/tasks/" + replayed.newTaskId() + "?token=v1."), replayed.statusUrl());
        ScanQueue.Delivery again = take("worker-b").orElseThrow();
        assertEquals(replayed.newTaskId(), again.taskId());
        assertEquals(new Claim.Claimed(again, new ScanInput(new byte[]{1, 2, 3}, ImageType.PNG, "the text", "US"), 0, false),
                queue.claim(again), "the same upload, a fresh task");
        assertTrue(letters.list(10).isEmpty(), "replayed once: the dead letter is gone");
        assertEquals(0L, blocking.sync().exists(names.scanInput(taskId)), "and the old task's copy of the upload");
        assertEquals(new DeadLetters.Replay.NotFound(letter.id()), letters.replay(letter.id()));
    }

    @Test
    void deadLetterWithoutAKeptUploadCannotBeReplayedAndStays() {
        String taskId = submit();
        ScanQueue.Delivery delivery = take("worker-a").orElseThrow();
        assertTrue(queue.bury(delivery, "worker-a", "out of attempts"));
        blocking.sync().del(names.scanInput(taskId)); // dead-letter-upload-ttl passed
        DeadLetters letters = context.getBean(DeadLetters.class);
        DeadLetters.DeadLetter letter = letters.list(10).get(0);
        assertFalse(letter.uploadKept());
        assertEquals(new DeadLetters.Replay.UploadGone(letter.id(), taskId), letters.replay(letter.id()));
        assertEquals(1, letters.list(10).size(), "nothing changed");
        assertEquals(0L, blocking.sync().xlen(names.scanStream()), "nothing queued");
    }

    @Test
    void deadLetterCommandListsAndReplaysWithTheAppsConfiguration() {
        String taskId = submit();
        ScanQueue.Delivery delivery = take("worker-a").orElseThrow();
        assertTrue(queue.bury(delivery, "worker-a", "out of attempts"));
        String letter = context.getBean(DeadLetters.class).list(1).get(0).id();

        java.io.ByteArrayOutputStream listed = new java.io.ByteArrayOutputStream();
        assertEquals(0, com.scamscan.api.DeadLetterCommand.run(new String[]{"list"}, properties, new java.io.PrintStream(listed, true)));
        assertTrue(listed.toString().contains(letter + "\t" + taskId + "\t1\tworker-a\tyes\tout of attempts"), listed.toString());

        java.io.ByteArrayOutputStream replayed = new java.io.ByteArrayOutputStream();
        assertEquals(0, com.scamscan.api.DeadLetterCommand.run(new String[]{"replay", letter}, properties, new java.io.PrintStream(replayed, true)));
        assertTrue(replayed.toString().startsWith("replayed " + letter + " (task " + taskId + ") as task "), replayed.toString());
        java.io.ByteArrayOutputStream again = new java.io.ByteArrayOutputStream();
        assertEquals(1, com.scamscan.api.DeadLetterCommand.run(new String[]{"replay", letter}, properties, new java.io.PrintStream(again, true)));
        assertEquals("no dead letter " + letter, again.toString().trim());
        java.io.ByteArrayOutputStream usage = new java.io.ByteArrayOutputStream();
        assertEquals(2, com.scamscan.api.DeadLetterCommand.run(new String[]{"replay"}, properties, new java.io.PrintStream(usage, true)));
    }

    @Test
    void scansLeftOnTheOldListsMoveIntoTheStreamOnceInTheirOrder() {
        String taken = registered();
        String older = registered();
        String newer = registered();
        // as the list queue left them: pushed left, taken from the right onto the processing list
        blocking.sync().lpush(names.legacyScanQueue(), bytes(older), bytes(newer));
        blocking.sync().lpush(names.legacyScanProcessing(), bytes(taken));

        assertEquals(List.of(taken, older, newer), queue.migrate());
        assertEquals(0L, blocking.sync().exists(names.legacyScanQueue(), names.legacyScanProcessing()));
        assertEquals(List.of(), queue.migrate(), "once");
        for (String taskId : List.of(taken, older, newer)) {
            ScanQueue.Delivery delivery = take("worker-a").orElseThrow();
            assertEquals(taskId, delivery.taskId());
            assertEquals(delivery.entryId(), string(blocking.sync().hget(names.task(taskId), RedisNames.queueEntryField())),
                    "the gateway finds its entry");
        }
    }

    @Test
    void missingGroupIsCreatedAgainWhenRedisLostTheStream() {
        blocking.sync().del(names.scanStream()); // e.g. Redis restarted without persistence
        assertTrue(take("worker-a").isEmpty());
        String taskId = submit();
        assertEquals(taskId, take("worker-a").orElseThrow().taskId());
    }

    private String submit() {
        String taskId = TaskId.random();
        assertEquals(ScanSubmissions.Outcome.QUEUED, context.getBean(ScanSubmissions.class).submit(taskId,
                new ScanInput(new byte[]{1, 2, 3}, ImageType.PNG, "the text", "US"), Instant.now()).toCompletableFuture().join());
        return taskId;
    }

    private String registered() {
        String taskId = TaskId.random();
        TestTasks.in(context).create(taskId, Instant.now()).toCompletableFuture().join();
        return taskId;
    }

    private Optional<ScanQueue.Delivery> take(String consumer) {
        return queue.take(blocking.sync(), consumer);
    }

    /** The worker holding a pending entry, or null when it is not pending. */
    private String pendingConsumer(String entry) {
        List<io.lettuce.core.models.stream.PendingMessage> pending = blocking.sync().xpending(names.scanStream(), names.scanGroup(),
                Range.create(entry, entry), io.lettuce.core.Limit.from(1));
        return pending.isEmpty() ? null : pending.get(0).getConsumer();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
