package com.scamscan.redis.progress;

import com.scamscan.redis.RedisNames;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Reads a task's history stream, as {@link ProgressPublisher} writes it (entry id {@code SEQ-0}, field {@code event}). */
@Singleton
public final class ProgressHistory {

    /** The stream field that holds the event's JSON. */
    public static final String EVENT_FIELD = "event";

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisNames names;

    public ProgressHistory(RedisClusterAsyncCommands<String, String> redis, RedisNames names) {
        this.redis = redis;
        this.names = names;
    }

    /**
     * The events with {@code seq > afterSeq} still in history, oldest first, as the exact JSON published.
     *
     * @return completes with the events (empty when none or when the history expired); fails with Lettuce's
     *         exception when Redis is unreachable
     */
    public CompletionStage<List<String>> after(String taskId, long afterSeq) {
        Range<String> range = Range.create((afterSeq + 1) + "-0", "+");
        return redis.xrange(names.history(taskId), range).thenApply(messages -> {
            List<String> events = new ArrayList<>(messages.size());
            for (StreamMessage<String, String> message : messages) {
                String event = message.getBody().get(EVENT_FIELD);
                if (event != null) {
                    events.add(event);
                }
            }
            return events;
        });
    }
}
