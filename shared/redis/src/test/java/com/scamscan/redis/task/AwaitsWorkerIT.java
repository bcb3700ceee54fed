package com.scamscan.redis.task;

import com.scamscan.task.TaskId;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.redis.progress.ProgressSettings;
import com.scamscan.progress.Step;
import com.scamscan.testing.SharedRedis;
import com.scamscan.testing.redis.RedisFixture;
import com.scamscan.redis.RedisNames;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskRegistry#awaitsWorker}: what the gateway asks before it gives up on a silent task. The queue's stream is
 * written as scan-api writes it (the shared module knows its names, not scan-api's code): an entry per scan, its id in
 * the task record, read by the workers' consumer group.
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
        registry = redis.registry();
        try {
            commands().xgroupCreate(XReadArgs.StreamOffset.from(redis.names.scanStream(), "0-0"), redis.names.scanGroup(),
                    XGroupCreateArgs.Builder.mkstream(true));
        } catch (RedisBusyException exists) {
            // created by an earlier test on this Redis
        }
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void waitingOrPendingTaskAwaitsAWorker() {
        String taskId = newTask();
        assertFalse(awaits(taskId), "registered only: nobody will work on it");
        String entry = queue(taskId);
        assertTrue(awaits(taskId), "waiting for a worker");
        deliverAll();
        assertTrue(awaits(taskId), "pending: delivered to a worker, alive or dead (another worker re-claims it)");
        redis.publisher(ProgressSettings.defaults()).publish(taskId,
                ProgressEvent.progress(Step.SCAM_DB, "scam_db", "x", 30, Instant.now())).toCompletableFuture().join();
        assertTrue(awaits(taskId), "pending and running");
        commands().xack(redis.names.scanStream(), redis.names.scanGroup(), entry);
        assertFalse(awaits(taskId), "delivered and acknowledged, though still in the stream: nobody holds it");
        commands().xdel(redis.names.scanStream(), entry);
        assertFalse(awaits(taskId), "running, but its entry is gone");
    }

    @Test
    void finishedOrUnknownTaskAwaitsNoWorker() {
        String taskId = newTask();
        String entry = queue(taskId);
        redis.publisher(ProgressSettings.defaults()).publish(taskId,
                ProgressEvent.failed("scam_db", "broken", 30, Instant.now())).toCompletableFuture().join();
        assertFalse(awaits(taskId), "finished, whatever the stream says");
        String unknown = TaskId.random();
        assertFalse(awaits(unknown), "no record");
        commands().xdel(redis.names.scanStream(), entry);
    }

    private String newTask() {
        String taskId = TaskId.random();
        redis.tasks(ProgressSettings.defaults()).create(taskId, Instant.now()).toCompletableFuture().join();
        return taskId;
    }

    /** What scan-api's submission does: an entry on the stream, its id in the task record. */
    private String queue(String taskId) {
        String entry = commands().xadd(redis.names.scanStream(), Map.of("task_id", taskId));
        commands().hset(redis.names.task(taskId), RedisNames.queueEntryField(), entry);
        return entry;
    }

    /** A worker reads every waiting entry (earlier tests' too). */
    private void deliverAll() {
        commands().xreadgroup(io.lettuce.core.Consumer.from(redis.names.scanGroup(), "worker-1"),
                XReadArgs.Builder.count(10_000), XReadArgs.StreamOffset.lastConsumed(redis.names.scanStream()));
    }

    private boolean awaits(String taskId) {
        return registry.awaitsWorker(taskId).toCompletableFuture().join();
    }

    private RedisClusterCommands<String, String> commands() {
        return redis.connection.sync();
    }
}
