package com.scamscan.task;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.ProgressSettings;
import com.scamscan.progress.Step;
import com.scamscan.testing.SharedRedis;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskRegistry#awaitsWorker}: what the gateway asks before it gives up on a silent task. The queue's keys are
 * written as scan-api writes them (the shared module knows their names, not scan-api's code).
 */
class AwaitsWorkerIT {

    private SharedRedis redis;
    private TaskRegistry registry;

    protected SharedRedis connect() {
        return new SharedRedis(RedisFixture.shared());
    }

    @BeforeEach
    void start() {
        redis = connect();
        registry = redis.registry(ProgressSettings.defaults());
        commands().del(redis.names.scanQueue(), redis.names.scanProcessing()); // the lists are one per Redis
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void queuedLeasedOrProcessingTaskAwaitsAWorker() {
        String taskId = newTask();
        assertFalse(awaits(taskId), "registered only: nobody will work on it");
        commands().lpush(redis.names.scanQueue(), taskId);
        assertTrue(awaits(taskId), "queued");
        commands().lmove(redis.names.scanQueue(), redis.names.scanProcessing(), LMoveArgs.Builder.rightLeft());
        assertTrue(awaits(taskId), "taken, or left by a dead worker for the recovery sweep");
        commands().set(redis.names.scanLease(taskId), "worker-1");
        redis.publisher(ProgressSettings.defaults()).publish(taskId,
                ProgressEvent.progress(Step.SCAM_DB, "scam_db", "x", 30, Instant.now())).toCompletableFuture().join();
        assertTrue(awaits(taskId), "leased and running");
        commands().lrem(redis.names.scanProcessing(), 1, taskId);
        assertTrue(awaits(taskId), "leased");
        commands().del(redis.names.scanLease(taskId));
        assertFalse(awaits(taskId), "running, but nobody holds it");
    }

    @Test
    void finishedOrUnknownTaskAwaitsNoWorker() {
        String taskId = newTask();
        commands().set(redis.names.scanLease(taskId), "worker-1");
        redis.publisher(ProgressSettings.defaults()).publish(taskId,
                ProgressEvent.failed("scam_db", "broken", 30, Instant.now())).toCompletableFuture().join();
        assertFalse(awaits(taskId), "finished, whatever the lease says");
        String unknown = TaskId.random();
        commands().lpush(redis.names.scanQueue(), unknown);
        assertFalse(awaits(unknown), "no record");
        commands().lrem(redis.names.scanQueue(), 1, unknown);
        commands().del(redis.names.scanLease(taskId));
    }

    private String newTask() {
        String taskId = TaskId.random();
        registry.create(taskId, Instant.now()).toCompletableFuture().join();
        return taskId;
    }

    private boolean awaits(String taskId) {
        return registry.awaitsWorker(taskId).toCompletableFuture().join();
    }

    private RedisClusterCommands<String, String> commands() {
        return redis.connection.sync();
    }
}
