package com.scamscan.redis.task;

import com.scamscan.task.TaskRecord;

import com.scamscan.task.TaskStatus;

import com.scamscan.progress.Step;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.WireTime;
import com.scamscan.redis.RedisNames;
import com.scamscan.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code task:ID} records: look-up, and the fields of a new one (scan-api registers a task together with its
 * scan in one script; tests register one with {@code TestTasks}). A record lives for the progress TTL
 * after its last change; the progress publisher updates it together with each event.
 */
@Singleton
public final class TaskRegistry {

    private static final RedisScript QUEUED = RedisScript.fromResource(TaskRegistry.class, "queued.lua");

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisNames names;
    private final ObjectMapper json;

    public TaskRegistry(RedisClusterAsyncCommands<String, String> redis, RedisNames names, ObjectMapper json) {
        this.redis = redis;
        this.names = names;
        this.json = json;
    }

    /**
     * The field/value pairs of a newly registered task record, for scripts that register a task together with
     * other writes (scan-api's submission).
     */
    public static List<String> initialFields(Instant now) {
        String at = WireTime.format(now);
        return List.of(
                "status", TaskStatus.QUEUED.wireName(),
                "percent", "0",
                "seq", "0",
                "created_at", at,
                "updated_at", at);
    }

    /** Completes with whether the task's record exists; fails with Lettuce's exception when Redis is unreachable. */
    public CompletionStage<Boolean> exists(String taskId) {
        return redis.exists(names.task(taskId)).thenApply(n -> n > 0);
    }

    /**
     * Completes with the task's record, or empty when unknown or expired; fails with Lettuce's exception when Redis
     * is unreachable, and with {@link UnreadableTaskRecordException} when the record cannot be read as a task.
     */
    public CompletionStage<Optional<TaskRecord>> find(String taskId) {
        return redis.hgetall(names.task(taskId)).thenApply(fields -> fields.isEmpty()
                ? Optional.empty()
                : Optional.of(toRecord(taskId, fields)));
    }

    /** A task record and the trace its upload started, from one read of the record. */
    public record Found(TaskRecord record, Optional<TaskTrace> trace) {
    }

    /**
     * {@link #find}, with the trace the record names ({@link TaskTrace}) from the same {@code HGETALL}: for a reader
     * that puts its own spans in the task's trace.
     */
    public CompletionStage<Optional<Found>> findWithTrace(String taskId) {
        return redis.hgetall(names.task(taskId)).thenApply(fields -> fields.isEmpty()
                ? Optional.empty()
                : Optional.of(new Found(toRecord(taskId, fields), TaskTrace.of(fields))));
    }

    /**
     * A record from its fields as a script read them ({@code HGETALL}), by the same rules as {@link #find}.
     *
     * @throws UnreadableTaskRecordException when the record cannot be read as a task
     */
    public TaskRecord read(String taskId, Map<String, String> fields) {
        return toRecord(taskId, fields);
    }

    /**
     * Whether the task is in scan-api's hands, so that more events will come although none came for a while: its
     * record exists and is not finished, and its entry on the scan stream (the record's {@code queue_entry}) is
     * waiting for a worker or pending with one (a live worker, or a dead one whose entry another worker re-claims
     * within the claim timeout). A task of a publisher that uses no queue never is.
     *
     * @return completes with the answer; fails with Lettuce's exception when Redis is unreachable
     */
    public CompletionStage<Boolean> awaitsWorker(String taskId) {
        return redis.hmget(names.task(taskId), "status", RedisNames.queueEntryField()).thenCompose(fields -> {
            String state = fields.get(0).getValueOrElse(null);
            String entry = fields.get(1).getValueOrElse(null);
            boolean open = state != null && !TaskStatus.COMPLETED.wireName().equals(state) && !TaskStatus.FAILED.wireName().equals(state);
            if (!open || entry == null || entry.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            CompletionStage<Long> queued = QUEUED.execute(redis, ScriptOutputType.INTEGER, new String[]{names.scanStream()},
                    names.scanGroup(), entry);
            return queued.thenApply(n -> n == 1L);
        });
    }

    /**
     * Reads a record leniently, since other systems (or older versions) may have written it: an unknown
     * {@code status} reads as {@code running}, an unknown {@code step} as absent, a {@code percent} that is not a
     * whole number 0-100 as the nearest one (0 when unreadable), a time as any ISO-8601 instant (with or without
     * fractions or an offset); a missing or unreadable time takes the other one, and is absent when both are.
     * Only a {@code seq} that is not a whole number of events, or a verdict that is not the contract's, makes the
     * record unreadable: nothing can stand in for them.
     */
    private TaskRecord toRecord(String taskId, Map<String, String> fields) {
        String step = fields.get("step");
        Instant created = readTime(fields.get("created_at"));
        Instant updated = readTime(fields.get("updated_at"));
        return new TaskRecord(
                taskId,
                readStatus(fields.get("status")),
                step == null ? null : Step.find(step).orElse(null),
                fields.get("message"),
                readPercent(fields.get("percent")),
                readSeq(taskId, fields.get("seq")),
                created != null ? created : updated,
                updated != null ? updated : created,
                readVerdict(taskId, fields.get("verdict")));
    }

    private static TaskStatus readStatus(String text) {
        if (text == null) {
            return TaskStatus.QUEUED;
        }
        try {
            return TaskStatus.fromWireName(text.trim());
        } catch (IllegalArgumentException unknown) {
            return TaskStatus.RUNNING;
        }
    }

    private static int readPercent(String text) {
        if (text == null) {
            return 0;
        }
        try {
            double percent = Double.parseDouble(text.trim());
            return Double.isNaN(percent) ? 0 : (int) Math.max(0, Math.min(100, Math.floor(percent)));
        } catch (NumberFormatException unreadable) {
            return 0;
        }
    }

    private static long readSeq(String taskId, String text) {
        if (text == null) {
            return 0;
        }
        try {
            long seq = Long.parseLong(text.trim());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException unreadable) {
            // refused below
        }
        throw new UnreadableTaskRecordException(taskId, "seq");
    }

    private static Instant readTime(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return WireTime.parseAny(text.trim());
        } catch (java.time.format.DateTimeParseException unreadable) {
            return null;
        }
    }

    private Verdict readVerdict(String taskId, String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Verdict.class);
        } catch (IOException | RuntimeException unreadable) {
            throw new UnreadableTaskRecordException(taskId, "verdict");
        }
    }
}
