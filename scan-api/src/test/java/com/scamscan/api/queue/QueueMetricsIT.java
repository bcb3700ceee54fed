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
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.management.health.indicator.HealthResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The queue's gauges and {@code /health} detail follow what Redis keeps: length, waiting, pending, the oldest waiting
 * scan's age, dead letters, each worker's pending scans; no task id appears in them. On a Redis of its own.
 */
class QueueMetricsIT {

    private RedisFixture redis;
    private ApplicationContext context;
    private RedisConnections.Connection<byte[]> blocking;

    @BeforeEach
    void start() {
        redis = RedisFixture.startNew();
        context = ApplicationContext.run(Map.of("micronaut.server.port", -1, "redis.uri", redis.uri(),
                "scamscan.agent.enabled", "false", "scamscan.agent.claim-timeout", "300ms", "scamscan.agent.poll-timeout", "100ms"));
        blocking = context.getBean(RedisConnections.class).connect(BinaryRedis.CODEC);
    }

    @AfterEach
    void stop() {
        blocking.close();
        context.close();
        redis.close();
    }

    @Test
    void gaugesAndHealthShowTheQueueWithoutTaskIds() {
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        await().until(() -> gauge(meters, "scamscan.queue.length") == 0.0);
        assertEquals(0.0, gauge(meters, "scamscan.queue.oldest.waiting.age"));

        String first = submit();
        String second = submit();
        String third = submit();
        ScanQueue queue = context.getBean(ScanQueue.class);
        ScanQueue.Delivery held = queue.take(blocking.sync(), "worker-a").orElseThrow();
        ScanQueue.Delivery buried = queue.take(blocking.sync(), "worker-a").orElseThrow();
        queue.bury(buried, "worker-a", "out of attempts");

        await().atMost(Duration.ofSeconds(5)).until(() -> gauge(meters, "scamscan.queue.length") == 2.0);
        assertEquals(1.0, gauge(meters, "scamscan.queue.waiting"));
        assertEquals(1.0, gauge(meters, "scamscan.queue.pending"));
        assertEquals(1.0, gauge(meters, "scamscan.queue.dead.letters"));
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge(meters, "scamscan.queue.oldest.waiting.age") >= 1.0);
        for (String name : new String[]{"scamscan.queue.length", "scamscan.queue.waiting", "scamscan.queue.pending",
                "scamscan.queue.oldest.waiting.age", "scamscan.queue.dead.letters"}) {
            assertEquals(1, meters.find(name).gauges().size(), name);
            assertTrue(meters.find(name).gauge().getId().getTags().isEmpty(), name + " carries no tags");
        }

        HealthResult health = Mono.from(context.getBean(QueueHealthIndicator.class).getResult()).block();
        assertEquals("UP", health.getStatus().getName());
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) health.getDetails();
        assertEquals(2L, details.get("length"));
        assertEquals(1L, details.get("waiting"));
        assertEquals(1L, details.get("pending"));
        assertEquals(1L, details.get("deadLetters"));
        assertTrue((Long) details.get("oldestWaitingSeconds") >= 1L, details.toString());
        assertEquals(Map.of("worker-a", 1L), details.get("pendingByConsumer"));
        String shown = details.toString();
        for (String taskId : new String[]{first, second, third, held.taskId()}) {
            assertTrue(!shown.contains(taskId), "no task id in the health detail");
        }
    }

    @Test
    void whileRedisIsDownTheGaugesReadNaNAndHealthIsUnknown() {
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        await().until(() -> gauge(meters, "scamscan.queue.length") == 0.0);
        redis.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> Double.isNaN(gauge(meters, "scamscan.queue.length")));
        HealthResult health = Mono.from(context.getBean(QueueHealthIndicator.class).getResult()).block();
        assertEquals("UNKNOWN", health.getStatus().getName());
        redis.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> gauge(meters, "scamscan.queue.length") == 0.0);
    }

    private static double gauge(MeterRegistry meters, String name) {
        return meters.get(name).gauge().value();
    }

    private String submit() {
        String taskId = TaskId.random();
        assertEquals(ScanSubmissions.Outcome.QUEUED, context.getBean(ScanSubmissions.class).submit(
                taskId, new ScanInput(new byte[]{1, 2, 3}, ImageType.PNG, "", "US"), Instant.now()).toCompletableFuture().join());
        return taskId;
    }
}
