package com.scamscan.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.ProgressSettings;
import com.scamscan.progress.Step;
import com.scamscan.testing.SharedRedis;
import com.scamscan.testing.redis.RedisFixture;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TaskRegistryIT {

    private static final Instant AT = Instant.parse("2026-11-25T09:59:58.001Z");

    private static SharedRedis redis;

    private final TaskRegistry registry = redis.registry(ProgressSettings.defaults());

    @BeforeAll
    static void connect() {
        redis = new SharedRedis(RedisFixture.shared());
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @Test
    void createdTaskIsQueuedWithNoProgress() {
        String taskId = TaskId.random();
        assertTrue(registry.create(taskId, AT).toCompletableFuture().join());
        TaskRecord record = registry.find(taskId).toCompletableFuture().join().orElseThrow();
        assertEquals(new TaskRecord(taskId, TaskStatus.QUEUED, null, null, 0, 0, AT, AT, null), record);
        assertTrue(registry.exists(taskId).toCompletableFuture().join());
        long ttl = redis.connection.sync().pttl(redis.names.task(taskId));
        assertTrue(ttl > Duration.ofHours(24).toMillis() - 60_000, "TTL ~24 h, was " + ttl);
    }

    @Test
    void creatingATakenIdLeavesTheExistingTaskAlone() {
        String taskId = TaskId.random();
        registry.create(taskId, AT).toCompletableFuture().join();
        redis.publisher(ProgressSettings.defaults())
                .publish(taskId, ProgressEvent.progress(Step.SCAM_DB, "scam_db", "Checking...", 30, AT))
                .toCompletableFuture().join();
        assertFalse(registry.create(taskId, AT.plusSeconds(1)).toCompletableFuture().join());
        TaskRecord record = registry.find(taskId).toCompletableFuture().join().orElseThrow();
        assertEquals(TaskStatus.RUNNING, record.status());
        assertEquals(1, record.seq());
    }

    @Test
    void unknownTaskIsNotFound() {
        String taskId = TaskId.random();
        assertTrue(registry.find(taskId).toCompletableFuture().join().isEmpty());
        assertFalse(registry.exists(taskId).toCompletableFuture().join());
    }

    @Test
    void deleteRemovesRecordAndHistory() {
        String taskId = TaskId.random();
        registry.create(taskId, AT).toCompletableFuture().join();
        redis.publisher(ProgressSettings.defaults())
                .publish(taskId, ProgressEvent.progress(Step.SCAM_DB, "scam_db", "Checking...", 30, AT))
                .toCompletableFuture().join();
        assertTrue(registry.delete(taskId).toCompletableFuture().join());
        assertEquals(0L, redis.connection.sync().exists(redis.names.task(taskId), redis.names.history(taskId)));
        assertFalse(registry.delete(taskId).toCompletableFuture().join());
    }
}
