package com.scamscan.redis.progress;

import com.scamscan.progress.Step;
import com.scamscan.progress.WireTime;

import com.scamscan.progress.ProgressEvent;

import com.scamscan.redis.RedisNames;
import com.scamscan.redis.RedisScript;
import com.scamscan.task.TaskId;
import com.scamscan.task.TaskStatus;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Publishes a task's progress events.
 *
 * <p><b>Guarantee.</b> Each {@link #publish} is one Lua script, so Redis applies all of it or none of it:
 * it assigns the task's next {@code seq} (1, 2, 3, ... without gaps or repeats, whatever the number of
 * concurrent publishers), appends the event to the task's capped history stream under the id {@code seq-0},
 * updates the task record (status, step, percent, message, verdict), refreshes the TTL of record and
 * history, and publishes the very same JSON on the task's channel. A subscriber therefore never sees an
 * event that history lacks, and history holds the exact text subscribers got. An event is refused, with
 * nothing written, when the task is unknown or finished, or when its percent is below the task's.
 * Pub/sub itself is at-most-once: a subscriber that was disconnected recovers from history by {@code seq}.
 *
 * <p><b>Retries.</b> An event published with an idempotency key that equals the key of the task's latest
 * event is taken for a retry of that event (its reply was lost): the original {@code seq} comes back and
 * nothing is written twice.
 */
@Singleton
public final class ProgressPublisher {

    private static final RedisScript SCRIPT = RedisScript.fromResource(ProgressPublisher.class, "publish.lua");

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisNames names;
    private final ProgressSettings settings;
    private final ObjectMapper json;

    public ProgressPublisher(RedisClusterAsyncCommands<String, String> redis, RedisNames names,
                             ProgressSettings settings, ObjectMapper json) {
        this.redis = redis;
        this.names = names;
        this.settings = settings;
        this.json = json;
    }

    /**
     * Publishes one event of a task.
     *
     * @param taskId a valid task id of a registered task
     * @param event the event without {@code seq} (the script assigns it); not {@code connected}, not an error frame
     * @return completes with the assigned {@code seq} and the exact JSON published; fails with
     *         {@link PublishRejectedException} when Redis refused the event (nothing written), with
     *         {@link IllegalArgumentException} for an id or event outside the contract, an event over
     *         {@link #MAX_EVENT_BYTES} among them (Redis not asked), or
     *         with Lettuce's exception when Redis could not be reached (the event may or may not have been
     *         applied if the connection broke after sending; a retry then yields a new {@code seq})
     */
    public CompletionStage<PublishedEvent> publish(String taskId, ProgressEvent event) {
        return publish(taskId, event, "");
    }

    /**
     * The largest event the publisher accepts, as JSON without its {@code seq} (64 KiB): every client, replay and
     * resume carries each event whole, so one huge event would cost every reader of the task.
     */
    public static final int MAX_EVENT_BYTES = 64 * 1024;

    /**
     * Publishes one event of a task, at most once per idempotency key (see the class comment).
     *
     * @param idempotencyKey names this event among the task's events, e.g. {@code scam_db:start}; empty for none
     * @return as {@link #publish(String, ProgressEvent)}; a retry of the latest event completes with its seq
     */
    public CompletionStage<PublishedEvent> publish(String taskId, ProgressEvent event, String idempotencyKey) {
        String body;
        String verdict;
        try {
            TaskId.require(taskId);
            check(event);
            body = json.writeValueAsString(event);
            verdict = event.verdict() == null ? "" : json.writeValueAsString(event.verdict());
            int size = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (size > MAX_EVENT_BYTES) {
                throw new IllegalArgumentException("an event is at most " + MAX_EVENT_BYTES + " bytes of JSON; this one has " + size);
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        }
        String[] keys = {names.task(taskId), names.history(taskId), names.progressChannel(taskId)};
        CompletionStage<Long> seq = SCRIPT.execute(redis, ScriptOutputType.INTEGER, keys,
                body,
                event.step().wireName(),
                Integer.toString(event.percent()),
                TaskStatus.after(event.step()).wireName(),
                WireTime.format(event.timestamp()),
                Long.toString(settings.ttl().toSeconds()),
                Integer.toString(settings.historyLength()),
                verdict,
                names.cluster() ? "SPUBLISH" : "PUBLISH",
                event.message(),
                idempotencyKey);
        return seq.handle((assigned, failure) -> {
            if (failure != null) {
                throw translate(taskId, failure);
            }
            return new PublishedEvent(assigned, "{\"seq\":" + assigned + "," + body.substring(1));
        });
    }

    private static void check(ProgressEvent event) {
        if (event.seq() != null) {
            throw new IllegalArgumentException("seq is assigned by the publisher; publish events without it");
        }
        if (event.step() == Step.CONNECTED) {
            throw new IllegalArgumentException("connected is the gateway's greeting, not a task event");
        }
        if (event.percent() == null) {
            throw new IllegalArgumentException("a task event carries a percent");
        }
        if (event.step() == Step.COMPLETED && event.verdict() == null) {
            throw new IllegalArgumentException("completed carries the verdict");
        }
    }

    private static CompletionException translate(String taskId, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof RedisCommandExecutionException && cause.getMessage() != null) {
            // Redis puts "ERR " before an error reply that is a single word; ours carry a detail, but be lenient
            String message = cause.getMessage().startsWith("ERR ") ? cause.getMessage().substring(4) : cause.getMessage();
            for (PublishRejectedException.Reason reason : PublishRejectedException.Reason.values()) {
                if (message.startsWith(reason.name())) {
                    return new CompletionException(new PublishRejectedException(taskId, reason,
                            message.substring(reason.name().length()).trim()));
                }
            }
        }
        return cause instanceof CompletionException ce ? ce : new CompletionException(cause);
    }
}
