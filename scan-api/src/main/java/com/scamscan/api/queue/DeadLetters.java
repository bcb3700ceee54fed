package com.scamscan.api.queue;

import com.scamscan.api.scan.BinaryRedis;
import com.scamscan.api.scan.ScanInput;
import com.scamscan.api.scan.ScanSubmissions;
import com.scamscan.protocol.StreamUrl;
import com.scamscan.redis.RedisNames;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operator's view of the dead-letter stream: the scans that ran out of attempts (or could not be used at all), and
 * a replay of one as a new task from its kept upload ({@code dead-letter-upload-ttl}). A replay never reopens the old
 * task: its person was told it failed, and its stream has ended; the new task has its own id, token and stream.
 */
@Singleton
public class DeadLetters {

    /** One dead letter, newest first in {@link #list}. */
    public record DeadLetter(String id, String taskId, String deliveries, String consumer, String reason,
                             boolean uploadKept) {
    }

    /** What a replay did. */
    public sealed interface Replay {
        /** Queued as a new task; the dead letter is removed. */
        record Replayed(String deadLetter, String oldTaskId, String newTaskId, String statusUrl) implements Replay {
        }

        /** No dead letter with this id. */
        record NotFound(String deadLetter) implements Replay {
        }

        /** Its upload is no longer kept (or it never had a valid task): nothing to replay; the dead letter stays. */
        record UploadGone(String deadLetter, String taskId) implements Replay {
        }

        /** The queue is full (scamscan.scan.max-queued): try again later; the dead letter stays. */
        record QueueFull(String deadLetter) implements Replay {
        }
    }

    private final BinaryRedis redis;
    private final RedisNames names;
    private final ScanSubmissions submissions;
    private final StreamTokens tokens;
    private final Clock clock;

    public DeadLetters(BinaryRedis redis, RedisNames names, ScanSubmissions submissions, StreamTokens tokens, Clock clock) {
        this.redis = redis;
        this.names = names;
        this.submissions = submissions;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The newest {@code count} dead letters, newest first, each saying whether its upload is still kept. */
    public List<DeadLetter> list(int count) {
        List<StreamMessage<String, byte[]>> entries = redis.async()
                .xrevrange(names.scanDeadLetters(), Range.create("-", "+"), io.lettuce.core.Limit.from(count))
                .toCompletableFuture().join();
        List<DeadLetter> letters = new ArrayList<>();
        for (StreamMessage<String, byte[]> entry : entries) {
            Map<String, byte[]> body = entry.getBody();
            String taskId = text(body.get("task_id"));
            boolean kept = TaskId.isValid(taskId)
                    && redis.async().exists(names.scanInput(taskId)).toCompletableFuture().join() == 1L;
            letters.add(new DeadLetter(entry.getId(), taskId, text(body.get("deliveries")), text(body.get("consumer")),
                    text(body.get("reason")), kept));
        }
        return letters;
    }

    /**
     * Queues the dead letter's scan again as a new task, from its kept upload, and removes the dead letter; or says why
     * not, changing nothing.
     */
    public Replay replay(String deadLetter) {
        List<StreamMessage<String, byte[]>> found = redis.async()
                .xrange(names.scanDeadLetters(), Range.create(deadLetter, deadLetter)).toCompletableFuture().join();
        if (found.isEmpty()) {
            return new Replay.NotFound(deadLetter);
        }
        String taskId = text(found.get(0).getBody().get("task_id"));
        if (!TaskId.isValid(taskId)) {
            return new Replay.UploadGone(deadLetter, taskId);
        }
        List<byte[]> values = redis.async().hmget(names.scanInput(taskId), ScanInput.FIELDS.toArray(String[]::new))
                .toCompletableFuture().join().stream().map(value -> value.getValueOrElse(null)).toList();
        var input = ScanInput.read(values);
        if (input.isEmpty()) {
            return new Replay.UploadGone(deadLetter, taskId);
        }
        String newTaskId = TaskId.random();
        Instant now = clock.instant();
        ScanSubmissions.Outcome outcome = submissions.submit(newTaskId, input.get(), now).toCompletableFuture().join();
        if (outcome == ScanSubmissions.Outcome.QUEUE_FULL) {
            return new Replay.QueueFull(deadLetter);
        }
        if (outcome != ScanSubmissions.Outcome.QUEUED) {
            throw new IllegalStateException("a fresh task id was taken: " + newTaskId);
        }
        redis.async().xdel(names.scanDeadLetters(), deadLetter).toCompletableFuture().join();
        redis.async().del(names.scanInput(taskId)).toCompletableFuture().join();
        return new Replay.Replayed(deadLetter, taskId, newTaskId, StreamUrl.statusUrl(newTaskId, tokens.issue(newTaskId)));
    }

    private static String text(byte[] value) {
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }
}
