package com.scamscan.bench;

import com.scamscan.redis.RedisNames;
import com.scamscan.redis.progress.ProgressSettings;
import com.scamscan.redis.task.TestTasks;
import com.scamscan.security.StreamTokenSettings;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import com.scamscan.testing.process.AppProcess;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The tasks a run streams, registered in Redis as scan-api would, and their stream URLs with a token. */
final class Tasks {

    private static final StreamTokens TOKENS = new StreamTokens(
            new StreamTokenSettings(AppProcess.TOKEN_SECRET, "", Duration.ofHours(2)), Clock.systemUTC());

    private Tasks() {
    }

    /** Registers {@code count} new tasks; returns their ids. */
    static List<String> register(RedisClusterAsyncCommands<String, String> redis, RedisNames names, int count) {
        TestTasks registry = new TestTasks(redis, names, ProgressSettings.defaults());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = TaskId.random();
            registry.create(id, Instant.now()).toCompletableFuture().join();
            ids.add(id);
        }
        return ids;
    }

    /** {@code count} stream URLs over {@code taskIds} in turn. */
    static List<URI> uris(Relay relay, List<String> taskIds, int count) {
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            uris.add(uri(relay, taskIds.get(i % taskIds.size())));
        }
        return uris;
    }

    /** The task's stream URL with a token, as scan-api would issue it (the gateway runs with the same test key). */
    static URI uri(Relay relay, String taskId) {
        return URI.create("ws://127.0.0.1:" + relay.port() + "/ws/agent-progress/" + taskId + "?token=" + TOKENS.issue(taskId));
    }
}
