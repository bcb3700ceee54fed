package com.scamscan.api.queue;

import com.scamscan.api.scan.BinaryRedis;
import com.scamscan.redis.RedisNames;
import com.scamscan.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The scan queue's state as Redis keeps it ({@code XLEN}, {@code XINFO GROUPS}, {@code XINFO CONSUMERS}, the oldest
 * waiting entry, the dead letters), read in one script: for the queue's metrics and its {@code /health} detail. Holds
 * no task ids.
 */
@Singleton
public class QueueStats {

    private static final RedisScript STATS = RedisScript.fromResource(QueueStats.class, "stats.lua");

    /**
     * One reading.
     *
     * @param length entries on the stream: scans waiting or being analysed
     * @param pending entries delivered to a worker and not finished
     * @param oldestWaiting how long the oldest scan no worker took yet has waited; {@code null} when none waits
     * @param deadLetters entries on the dead-letter stream
     * @param pendingByConsumer each consumer (worker thread) of the group and how many entries it holds
     */
    public record Snapshot(long length, long pending, Duration oldestWaiting, long deadLetters, Map<String, Long> pendingByConsumer) {

        /** Scans no worker took yet. */
        public long waiting() {
            return Math.max(0, length - pending);
        }
    }

    private final BinaryRedis redis;
    private final RedisNames names;

    public QueueStats(BinaryRedis redis, RedisNames names) {
        this.redis = redis;
        this.names = names;
    }

    /** Reads the queue's state; fails with Lettuce's exception when Redis is unreachable. */
    public CompletionStage<Snapshot> read() {
        CompletionStage<List<Object>> reply = STATS.execute(redis.async(), ScriptOutputType.MULTI,
                new String[]{names.scanStream(), names.scanDeadLetters()}, names.scanGroup().getBytes(StandardCharsets.UTF_8));
        return reply.thenApply(values -> {
            Map<String, Long> consumers = new LinkedHashMap<>();
            for (int i = 4; i + 1 < values.size(); i += 2) {
                consumers.put(new String((byte[]) values.get(i), StandardCharsets.UTF_8), (Long) values.get(i + 1));
            }
            long age = (Long) values.get(2);
            return new Snapshot((Long) values.get(0), (Long) values.get(1), age < 0 ? null : Duration.ofMillis(age),
                    (Long) values.get(3), consumers);
        });
    }
}
