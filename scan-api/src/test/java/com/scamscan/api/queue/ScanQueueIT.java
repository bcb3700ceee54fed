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
    void leaselessTaskIsRequeuedOnlyAfterTwoSweepsThenFailsWhenOutOfAttempts() {
        String taskId = submit();
        claim().orElseThrow();
        blocking.sync().del(names.scanLease(taskId)); // the worker died: its lease lapses
        assertEquals(List.of(), queue.recover());
        assertEquals(1L, blocking.sync().llen(names.scanProcessing()), "one sweep without a lease is not enough");
        assertEquals(List.of(), queue.recover());
        assertEquals(0L, blocking.sync().llen(names.scanProcessing()));
        assertEquals(taskId, claim().orElseThrow().taskId());

        blocking.sync().del(names.scanLease(taskId)); // the second worker died too
        queue.recover();
        assertEquals(List.of(taskId), queue.recover(), "out of attempts: the caller fails it");
        assertEquals(0L, blocking.sync().exists(names.scanInput(taskId)));
        assertEquals(0L, blocking.sync().llen(names.scanQueue()));
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

    private Optional<ScanQueue.Claim> claim() {
        return queue.claim(blocking.sync(), "worker-a", 1, new ArrayList<>());
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

}
