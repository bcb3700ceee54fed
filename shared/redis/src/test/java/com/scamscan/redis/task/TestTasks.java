package com.scamscan.redis.task;

import com.scamscan.redis.RedisConnections;
import com.scamscan.redis.RedisNames;
import com.scamscan.redis.RedisScript;
import com.scamscan.redis.progress.ProgressSettings;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micronaut.context.BeanContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Task records for tests and benchmarks, registered and removed on their own: the apps never do that (scan-api
 * registers a task together with its scan in one script, see {@link TaskRegistry#initialFields}), so this lives with
 * the tests (shared/redis's test jar), not in the apps.
 */
public final class TestTasks {

    private static final RedisScript CREATE = RedisScript.fromResource(TestTasks.class, "create.lua");

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisNames names;
    private final ProgressSettings settings;

    public TestTasks(RedisClusterAsyncCommands<String, String> redis, RedisNames names, ProgressSettings settings) {
        this.redis = redis;
        this.names = names;
        this.settings = settings;
    }

    /** On an app's own command connection, with its names and progress settings. */
    @SuppressWarnings("unchecked")
    public static TestTasks in(BeanContext context) {
        return new TestTasks(context.getBean(RedisConnections.Connection.class).async(), context.getBean(RedisNames.class),
                context.getBean(ProgressSettings.class));
    }

    /**
     * Registers a queued task, as scan-api's submission does.
     *
     * @return completes with {@code true} when created, {@code false} when the id is taken (the existing
     *         record is left as it was); fails with Lettuce's exception when Redis is unreachable
     */
    public CompletionStage<Boolean> create(String taskId, Instant now) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(settings.ttl().toSeconds()));
        args.addAll(TaskRegistry.initialFields(now));
        CompletionStage<Long> created = CREATE.execute(redis, ScriptOutputType.INTEGER, new String[]{names.task(taskId)},
                args.toArray(String[]::new));
        return created.thenApply(n -> n == 1L);
    }

    /**
     * Removes a task's record and history.
     *
     * @return completes with {@code true} when there was something to remove
     */
    public CompletionStage<Boolean> delete(String taskId) {
        return redis.del(names.task(taskId), names.history(taskId)).thenApply(n -> n > 0);
    }
}
