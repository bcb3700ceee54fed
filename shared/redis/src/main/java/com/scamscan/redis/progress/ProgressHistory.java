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
        return read(taskId, afterSeq).thenApply(Read::events);
    }

    /**
     * The events with {@code seq > afterSeq} still in history, with the seq of the first of them, so that a reader
     * can tell whether history still reaches back to {@code afterSeq + 1} or lost some (expired, trimmed).
     *
     * @return completes with what is there; fails with Lettuce's exception when Redis is unreachable
     */
    public CompletionStage<Read> read(String taskId, long afterSeq) {
        Range<String> range = Range.create((afterSeq + 1) + "-0", "+");
        return redis.xrange(names.history(taskId), range).thenApply(messages -> {
            List<String> events = new ArrayList<>(messages.size());
            long firstSeq = 0;
            for (StreamMessage<String, String> message : messages) {
                String event = message.getBody().get(EVENT_FIELD);
                if (event != null) {
                    if (events.isEmpty()) {
                        firstSeq = seqOf(message.getId());
                    }
                    events.add(event);
                }
            }
            return new Read(firstSeq, events);
        });
    }

    /** The seq of an entry id {@code SEQ-0}. */
    private static long seqOf(String entryId) {
        int dash = entryId.indexOf('-');
        return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
    }

    /**
     * What a history read found.
     *
     * @param firstSeq the seq of the first event, 0 when there is none
     * @param events the events, oldest first, as the exact JSON published
     */
    public record Read(long firstSeq, List<String> events) {

        /**
         * Whether nothing after {@code afterSeq} is missing, given the task's seq when the read was asked for: the
         * events start right after it, or there are none and none were published after it.
         */
        public boolean complete(long afterSeq, long taskSeq) {
            return events.isEmpty() ? afterSeq >= taskSeq : firstSeq == afterSeq + 1;
        }
    }
}
