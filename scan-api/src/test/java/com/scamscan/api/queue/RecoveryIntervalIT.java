package com.scamscan.api.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.agent.AnalysisAgent;
import com.scamscan.api.scan.BinaryRedis;
import com.scamscan.progress.ProgressHistory;
import com.scamscan.redis.RedisNames;
import com.scamscan.task.TaskId;
import com.scamscan.task.TaskRegistry;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.redis.RedisFixture;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recovery sweep runs every {@code recovery-interval}, not every {@code lease-ttl}: a task whose lease lapsed is
 * taken over within about one interval, and the person hears first that it starts again.
 */
class RecoveryIntervalIT {

    @Test
    void taskWhoseLeaseLapsedIsTakenOverWithinTheRecoveryIntervalWithARetryingEventFirst() {
        try (RedisFixture redis = RedisFixture.startNew();
             ApplicationContext context = ApplicationContext.run(Map.of(
                     "micronaut.server.port", -1,
                     "scamscan.redis.uri", redis.uri(),
                     "scamscan.scamdb.import-sample", "false",
                     "scamscan.agent.lease-ttl", "20s", // the sweep used to run this often, and to need two
                     "scamscan.agent.recovery-interval", "200ms"))) {
            RedisNames names = context.getBean(RedisNames.class);
            String taskId = TaskId.random();
            context.getBean(TaskRegistry.class).create(taskId, Instant.now()).toCompletableFuture().join();
            // what a worker killed mid-analysis leaves once its lease lapsed: leased once, on the processing list, no lease
            context.getBean(BinaryRedis.class).async().hset(names.scanInput(taskId), Map.of(
                    "image", Images.screenshot("png", "Hello"), "image_type", bytes("PNG"), "text", bytes(""),
                    "region", bytes("US"), "attempts", bytes("1"), "leased", bytes("1"), "takes", bytes("1")))
                    .toCompletableFuture().join();
            context.getBean(BinaryRedis.class).async().lpush(names.scanProcessing(), bytes(taskId)).toCompletableFuture().join();

            ProgressHistory history = context.getBean(ProgressHistory.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> !history.after(taskId, 0).toCompletableFuture().join().isEmpty());
            String first = history.after(taskId, 0).toCompletableFuture().join().get(0);
            assertTrue(first.startsWith("{\"seq\":1,\"step\":\"retrying\",\"message\":\"" + AnalysisAgent.RETRYING_MESSAGE
                    + "\",\"percent\":0,"), first);
        }
    }

    @Test
    void recoverySlowerThanTheLeaseOrATakeoverSlowerThanTheTaskTimeoutIsRefusedAtStartup() {
        IllegalArgumentException slow = assertThrows(IllegalArgumentException.class, () -> new AgentSettings(true, 1,
                Duration.ofSeconds(2), Duration.ofSeconds(120), 2, Duration.ofSeconds(30), Duration.ofSeconds(2)));
        assertTrue(slow.getMessage().startsWith("scamscan.agent.recovery-interval must be"), slow.getMessage());
        IllegalArgumentException late = assertThrows(IllegalArgumentException.class, () -> new AgentSettings(true, 1,
                Duration.ofSeconds(100), Duration.ofSeconds(120), 2, Duration.ofSeconds(30), Duration.ofSeconds(25)));
        assertTrue(late.getMessage().contains("must not exceed .task-timeout"), late.getMessage());

        try (ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1,
                "scamscan.redis.uri", RedisFixture.shared().uri(), "scamscan.agent.enabled", "false"))) {
            AgentSettings defaults = context.getBean(AgentSettings.class);
            assertEquals(Duration.ofSeconds(20), defaults.leaseTtl());
            assertEquals(Duration.ofSeconds(5), defaults.recoveryInterval(), "a quarter of the lease");
            assertTrue(defaults.leaseTtl().plus(defaults.recoveryInterval()).compareTo(Duration.ofSeconds(60).dividedBy(2)) <= 0,
                    "a dead worker's scan is back within half the gateway's default no-progress timeout (60 s)");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
