package com.scamscan.api.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.scan.BinaryRedis;
import com.scamscan.api.scan.ImageType;
import com.scamscan.api.scan.ScanInput;
import com.scamscan.api.scan.ScanSubmissions;
import com.scamscan.redis.RedisConnections;
import com.scamscan.task.TaskId;
import com.scamscan.testing.redis.RedisFixture;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The queue survives a Redis restart with its data ({@code SHUTDOWN SAVE}, then the same port with the same data): the
 * stream, the group and its pending entries list are Redis data like any other. On a Redis of its own, which the test
 * restarts.
 */
class ScanQueueRestartIT {

    @Test
    void queueSurvivesARedisRestartWithItsData() {
        try (RedisFixture redis = RedisFixture.startNew();
             ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1,
                     "redis.uri", redis.uri(), "scamscan.agent.enabled", "false",
                     "scamscan.agent.claim-timeout", "1s", "scamscan.agent.poll-timeout", "100ms"));
             RedisConnections.Connection<byte[]> blocking = context.getBean(RedisConnections.class).connect(BinaryRedis.CODEC)) {
            ScanQueue queue = context.getBean(ScanQueue.class);
            queue.createGroup();
            String pending = submit(context);
            String waiting = submit(context);
            ScanQueue.Delivery held = queue.take(blocking.sync(), "worker-a").orElseThrow();
            assertEquals(pending, held.taskId());

            redis.restart(); // SHUTDOWN SAVE, then the same port with the same data

            // the pending entry, its worker gone with the restart, is taken over after the claim timeout; the waiting one
            // is delivered as before; nothing is delivered twice
            List<ScanQueue.Delivery> after = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                queue.take(blocking.sync(), "worker-b").ifPresent(after::add);
                return after.size() == 2;
            });
            Map<String, Integer> attempts = new HashMap<>();
            after.forEach(d -> attempts.put(d.taskId(), d.attempt()));
            assertEquals(Map.of(waiting, 1, pending, 2), attempts, "the waiting scan as a first delivery, the pending one taken over");
            ScanQueue.Delivery retaken = after.stream().filter(d -> d.taskId().equals(pending)).findFirst().orElseThrow();
            assertTrue(queue.claim(retaken) instanceof Claim.Claimed, "its upload survived too");
            com.scamscan.redis.RedisNames names = context.getBean(com.scamscan.redis.RedisNames.class);
            assertEquals(2L, blocking.sync().xlen(names.scanStream()), "nothing lost, nothing added");
            assertEquals(2L, blocking.sync().xpending(names.scanStream(), names.scanGroup()).getCount(), "both held by worker-b");
        }
    }

    private static String submit(ApplicationContext context) {
        String taskId = TaskId.random();
        assertEquals(ScanSubmissions.Outcome.QUEUED, context.getBean(ScanSubmissions.class).submit(
                taskId, new ScanInput(new byte[]{1, 2, 3}, ImageType.PNG, "the text", "US"), Instant.now()).toCompletableFuture().join());
        return taskId;
    }
}
