package com.scamscan.api.queue;

import com.scamscan.redis.RedisNames;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * What a worker killed mid-analysis leaves on the scan stream, written directly: the scan's entry (its id in the task
 * record) delivered to a consumer that will never touch it again, with the deliveries made so far. One script adds and
 * delivers the entry, so no live worker reads it first: a live worker can only take it over after the claim timeout.
 */
public final class DeadWorker {

    public static final String CONSUMER = "dead-instance/scan-worker-0";

    private static final String LEAVE = """
            local entry = redis.call('XADD', KEYS[1], '*', 'task_id', ARGV[1])
            redis.call('XREADGROUP', 'GROUP', ARGV[2], ARGV[3], 'COUNT', 1000, 'STREAMS', KEYS[1], '>')
            redis.call('XCLAIM', KEYS[1], ARGV[2], ARGV[3], 0, entry, 'RETRYCOUNT', ARGV[4], 'JUSTID')
            return entry
            """;

    private DeadWorker() {
    }

    /**
     * Leaves a registered task's scan (its upload stored) delivered {@code deliveries} times to a dead consumer.
     *
     * @return the entry id
     */
    public static String leave(RedisClusterCommands<String, String> redis, RedisNames names, String taskId, int deliveries) {
        try {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(names.scanStream(), "0-0"), names.scanGroup(),
                    XGroupCreateArgs.Builder.mkstream(true));
        } catch (RedisBusyException exists) {
            // the workers made it
        }
        String entry = redis.eval(LEAVE, ScriptOutputType.VALUE, new String[]{names.scanStream()}, taskId, names.scanGroup(),
                CONSUMER, Integer.toString(deliveries));
        redis.hset(names.task(taskId), RedisNames.queueEntryField(), entry);
        return entry;
    }
}
