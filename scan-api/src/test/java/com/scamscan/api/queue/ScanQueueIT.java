package com.scamscan.api.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.scan.ImageType;
import com.scamscan.api.scan.ScanSubmissions;
import com.scamscan.redis.RedisNames;
import com.scamscan.task.TaskId;
import com.scamscan.testing.redis.RedisFixture;
import com.scamscan.api.scan.BinaryRedis;
import com.scamscan.redis.RedisConnections;
import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue's own rules, on a Redis of its own (no worker of this instance competes for the tasks); on a Redis Cluster,
 * where every step is two scripts in two slots, in {@link ScanQueueClusterIT}.
 */
class ScanQueueIT {

    private RedisFixture redis;
    private ApplicationContext context;
    private RedisConnections.Connection<byte[]> blocking;
    private ScanQueue queue;
    private RedisNames names;

    /** Where the app finds Redis. */
    protected Map<String, Object> redisProperties() {
        redis = RedisFixture.startNew();
        return Map.of("scamscan.redis.uri", redis.uri());
    }

    @BeforeEach
    void start() {
        Map<String, Object> properties = new java.util.HashMap<>(redisProperties());
        properties.putAll(Map.of("micronaut.server.port", -1, "scamscan.agent.enabled", "false",
                "scamscan.agent.max-attempts", "2"));
        context = ApplicationContext.run(properties);
        blocking = context.getBean(RedisConnections.class).connect(BinaryRedis.CODEC);
        queue = context.getBean(ScanQueue.class);
        names = context.getBean(RedisNames.class);
        blocking.sync().del(names.scanQueue(), names.scanProcessing()); // a shared cluster keeps earlier tests' lists
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
    void claimedTaskCarriesItsUploadAndALease() {
        String taskId = submit();
        ScanQueue.Claim claim = claim().orElseThrow();
        assertEquals(taskId, claim.taskId());
        assertEquals(1, claim.attempt());
        assertEquals(ImageType.PNG, claim.imageType());
        assertEquals("the text", claim.text());
        assertEquals("worker-a", string(blocking.sync().get(names.scanLease(taskId))));
        assertTrue(blocking.sync().pttl(names.scanLease(taskId)) > 0);
    }

    @Test
    void releasedTaskIsNextInLineAndKeepsItsAttempts() {
        String first = submit();
        String second = submit();
        assertEquals(first, claim().orElseThrow().taskId());
        queue.release(first, "worker-a");
        assertEquals(first, claim().orElseThrow().taskId(), "a released task goes back to the front");
        assertEquals("1", string(blocking.sync().hget(names.scanInput(first), "attempts")), "a polite stop uses no attempt");
        assertEquals(second, claim().orElseThrow().taskId());
    }

    @Test
    void completedTaskLeavesNothingBehind() {
        String taskId = submit();
        claim().orElseThrow();
        queue.complete(taskId, "worker-a");
        assertEquals(0L, blocking.sync().exists(names.scanInput(taskId), names.scanLease(taskId)));
        assertEquals(0L, blocking.sync().llen(names.scanProcessing()));
    }

    @Test
    void taskWhoseLeaseLapsedIsRequeuedAtTheFirstSweepThenFailsWhenOutOfAttempts() {
        String taskId = submit();
        claim().orElseThrow();
        blocking.sync().del(names.scanLease(taskId)); // the worker died: its lease lapses
        assertEquals(List.of(), queue.recover());
        assertEquals(0L, blocking.sync().llen(names.scanProcessing()), "a lapsed lease is enough: no second sweep needed");
        assertEquals(List.of(taskId), queued());

        assertEquals(taskId, claim().orElseThrow().taskId());
        blocking.sync().del(names.scanLease(taskId)); // the second worker died too
        assertEquals(List.of(taskId), queue.recover(), "out of attempts: the caller fails it");
        assertEquals(0L, blocking.sync().exists(names.scanInput(taskId)));
        assertEquals(0L, blocking.sync().llen(names.scanQueue()));
        assertEquals(0L, blocking.sync().llen(names.scanProcessing()));
    }

    @Test
    void taskTakenButNotYetLeasedIsLeftForASweep() {
        String taskId = submit();
        takenWithoutLease(); // a worker between BLMOVE and its lease
        assertEquals(List.of(), queue.recover());
        assertEquals(List.of(taskId), processing(), "a worker may be about to lease it");
        blocking.sync().set(names.scanLease(taskId), bytes("worker-a")); // it did
        assertEquals(List.of(), queue.recover());
        assertEquals(List.of(taskId), processing(), "a leased task is the worker's");

        blocking.sync().del(names.scanLease(taskId));
        blocking.sync().hdel(names.scanInput(taskId), "leased"); // as if it had died before its lease
        assertEquals(List.of(), queue.recover());
        assertEquals(List.of(taskId), processing());
        assertEquals(List.of(), queue.recover());
        assertEquals(List.of(taskId), queued(), "still without a lease a sweep later: requeued");
    }

    @Test
    void requeuedOrReleasedTaskTakenAgainIsNotMistakenForALapsedLease() {
        String taskId = submit();
        claim().orElseThrow();
        blocking.sync().del(names.scanLease(taskId));
        queue.recover(); // requeued at once
        takenWithoutLease(); // the next worker took it off the queue and has not leased it yet
        assertEquals(List.of(), queue.recover());
        assertEquals(List.of(taskId), processing(), "the lapsed lease was the previous worker's");

        claimTaken(taskId);
        queue.release(taskId, "worker-a"); // a polite stop
        takenWithoutLease();
        assertEquals(List.of(), queue.recover());
        assertEquals(List.of(taskId), processing(), "a released task has no lapsed lease");
    }

    @Test
    void leaseHeldByAnotherWorkerIsNotRenewedOrFinished() {
        String taskId = submit();
        claim().orElseThrow();
        assertTrue(queue.renew(taskId, "worker-a"));
        assertTrue(!queue.renew(taskId, "worker-b"));
        queue.complete(taskId, "worker-b");
        assertEquals(1L, blocking.sync().exists(names.scanInput(taskId)), "only the holder finishes a task");
    }

    private String submit() {
        String taskId = TaskId.random();
        context.getBean(ScanSubmissions.class).submit(new ScanSubmissions.Submission(taskId, new byte[]{1, 2, 3},
                ImageType.PNG, "the text", "US"), Instant.now()).toCompletableFuture().join();
        return taskId;
    }

    /** A worker's {@code BLMOVE} without the lease that follows it. */
    private void takenWithoutLease() {
        blocking.sync().lmove(names.scanQueue(), names.scanProcessing(), io.lettuce.core.LMoveArgs.Builder.rightLeft());
    }

    /** The lease that follows {@link #takenWithoutLease}: the claim script, as a worker runs it. */
    private void claimTaken(String taskId) {
        blocking.sync().lrem(names.scanProcessing(), 1, bytes(taskId));
        blocking.sync().rpush(names.scanQueue(), bytes(taskId));
        assertEquals(taskId, claim().orElseThrow().taskId());
    }

    private List<String> processing() {
        return blocking.sync().lrange(names.scanProcessing(), 0, -1).stream().map(ScanQueueIT::string).toList();
    }

    private List<String> queued() {
        return blocking.sync().lrange(names.scanQueue(), 0, -1).stream().map(ScanQueueIT::string).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Optional<ScanQueue.Claim> claim() {
        return queue.claim(blocking.sync(), "worker-a", 1, new ArrayList<>());
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

}
