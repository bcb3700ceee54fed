package com.scamscan.redis.task;

import com.scamscan.task.TaskRecord;

import com.scamscan.task.TaskId;
import com.scamscan.task.TaskStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.redis.progress.ProgressSettings;
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

    private final TaskRegistry registry = redis.registry();
    private final TestTasks tasks = redis.tasks(ProgressSettings.defaults());

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
        assertTrue(tasks.create(taskId, AT).toCompletableFuture().join());
        TaskRecord record = registry.find(taskId).toCompletableFuture().join().orElseThrow();
        assertEquals(new TaskRecord(taskId, TaskStatus.QUEUED, null, null, 0, 0, AT, AT, null), record);
        assertTrue(registry.exists(taskId).toCompletableFuture().join());
        long ttl = redis.connection.sync().pttl(redis.names.task(taskId));
        assertTrue(ttl > Duration.ofHours(24).toMillis() - 60_000, "TTL ~24 h, was " + ttl);
    }

    @Test
    void creatingATakenIdLeavesTheExistingTaskAlone() {
        String taskId = TaskId.random();
        tasks.create(taskId, AT).toCompletableFuture().join();
        redis.publisher(ProgressSettings.defaults())
                .publish(taskId, ProgressEvent.progress(Step.SCAM_DB, "scam_db", "Checking...", 30, AT))
                .toCompletableFuture().join();
        assertFalse(tasks.create(taskId, AT.plusSeconds(1)).toCompletableFuture().join());
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
        tasks.create(taskId, AT).toCompletableFuture().join();
        redis.publisher(ProgressSettings.defaults())
                .publish(taskId, ProgressEvent.progress(Step.SCAM_DB, "scam_db", "Checking...", 30, AT))
                .toCompletableFuture().join();
        assertTrue(tasks.delete(taskId).toCompletableFuture().join());
        assertEquals(0L, redis.connection.sync().exists(redis.names.task(taskId), redis.names.history(taskId)));
        assertFalse(tasks.delete(taskId).toCompletableFuture().join());
    }

    @Test
    void aRecordAnotherSystemWroteIsReadLeniently() {
        String taskId = TaskId.random();
        redis.connection.sync().hset(redis.names.task(taskId), java.util.Map.of(
                "status", "paused", // not one of ours
                "step", "sandbox", // nor this
                "percent", "12.5",
                "seq", "3",
                "created_at", "2026-11-25T10:00:00Z")); // no milliseconds, and no updated_at at all
        TaskRecord record = registry.find(taskId).toCompletableFuture().join().orElseThrow();
        assertEquals(new TaskRecord(taskId, TaskStatus.RUNNING, null, null, 12, 3,
                Instant.parse("2026-11-25T10:00:00Z"), Instant.parse("2026-11-25T10:00:00Z"), null), record);
    }

    @Test
    void timesInAnyIso8601FormAreRead() {
        String taskId = TaskId.random();
        redis.connection.sync().hset(redis.names.task(taskId), java.util.Map.of(
                "status", "queued", "seq", "0", "percent", "250",
                "created_at", "2026-11-25T11:00:00.5+01:00", "updated_at", "yesterday"));
        TaskRecord record = registry.find(taskId).toCompletableFuture().join().orElseThrow();
        assertEquals(Instant.parse("2026-11-25T10:00:00.500Z"), record.createdAt());
        assertEquals(record.createdAt(), record.updatedAt(), "an unreadable time takes the other one");
        assertEquals(100, record.percent());
    }

    @Test
    void aRecordWhoseSeqOrVerdictCannotBeReadIsRefusedAsUnreadableNotAsARedisFailure() {
        for (java.util.Map<String, String> fields : java.util.List.of(
                java.util.Map.of("status", "running", "seq", "3.5"),
                java.util.Map.of("status", "running", "seq", "-1"),
                java.util.Map.of("status", "completed", "seq", "7", "verdict", "{not json"))) {
            String taskId = TaskId.random();
            redis.connection.sync().hset(redis.names.task(taskId), fields);
            java.util.concurrent.CompletionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.CompletionException.class, () -> registry.find(taskId).toCompletableFuture().join());
            UnreadableTaskRecordException unreadable = UnreadableTaskRecordException.in(failure).orElseThrow();
            assertEquals(taskId, unreadable.taskId());
            assertEquals(fields.containsKey("verdict") ? "verdict" : "seq", unreadable.field());
        }
    }
}
