package com.scamscan.api.scan;

import com.scamscan.redis.progress.ProgressSettings;
import com.scamscan.redis.RedisNames;
import com.scamscan.redis.RedisScript;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.redis.task.TaskTrace;
import io.lettuce.core.ScriptOutputType;
import io.micronaut.context.annotation.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stores an accepted scan and queues it, in one atomic step, within the queue's bound. */
@Context // upload-ttl against the progress TTL: a bad pair stops startup, not the first upload
public class ScanSubmissions {

    private static final Logger LOG = LoggerFactory.getLogger(ScanSubmissions.class);

    /** What became of a submission. */
    public enum Outcome {
        /** Registered, stored and queued. */
        QUEUED,
        /** The task id was taken; nothing written. */
        ID_TAKEN,
        /** The queue holds {@code max-queued} scans already; nothing written. */
        QUEUE_FULL
    }

    /** The task record's field with the id of the trace its upload started, when it was traced. */
    public static final String TRACE_ID = "trace_id";

    private static final RedisScript SUBMIT = RedisScript.fromResource(ScanSubmissions.class, "submit.lua");

    private final BinaryRedis redis;
    private final RedisNames names;
    private final ProgressSettings progress;
    private final ScanSettings settings;

    public ScanSubmissions(BinaryRedis redis, RedisNames names, ProgressSettings progress, ScanSettings settings) {
        this.redis = redis;
        this.names = names;
        this.progress = progress;
        this.settings = settings;
        if (settings.uploadTtl().compareTo(progress.ttl()) > 0) {
            throw new IllegalArgumentException(ScanSettings.PREFIX + ".upload-ttl (" + settings.uploadTtl()
                    + ") must not be longer than " + ProgressSettings.PREFIX + ".ttl (" + progress.ttl()
                    + "): an upload never outlives its task");
        }
    }

    /**
     * Registers the task {@code id} (queued), stores the upload beside it (for {@code upload-ttl}) and adds the task's entry to
     * the scan stream (its id recorded in the task record): all of it or none of it, so a failed request leaves nothing
     * half-created; when the stream already holds {@code max-queued} scans (waiting or being analysed), nothing is
     * written. In a Redis Cluster the entry is added after the rest is stored, and what was stored is removed again when
     * that fails; the stream's length is read before, so concurrent uploads may overshoot the bound by at most their
     * number.
     *
     * @return completes with the outcome (only {@link Outcome#QUEUED} wrote anything); fails with Lettuce's
     *         exception when Redis is unreachable (nothing written)
     */
    public CompletionStage<Outcome> submit(String id, ScanInput input, Instant now) {
        List<String> record = new ArrayList<>(TaskRegistry.initialFields(now));
        if (!input.traceId().isEmpty()) {
            record.add(TRACE_ID); // so that whoever reads the task can find its trace (not part of the status answer)
            record.add(input.traceId());
            record.add(TaskTrace.PARENT_FIELD); // the upload's span, which the gateway's delivery spans are children of
            record.add(input.trace());
        }
        List<byte[]> args = new ArrayList<>();
        args.add(bytes(Long.toString(progress.ttl().toSeconds())));
        args.add(bytes(id));
        args.add(bytes(Long.toString(settings.uploadTtl().toMillis())));
        args.add(bytes(Integer.toString(settings.maxQueued())));
        args.add(bytes(Integer.toString(record.size())));
        for (String field : record) {
            args.add(bytes(field));
        }
        args.addAll(input.fields());
        if (!names.cluster()) {
            String[] keys = {names.task(id), names.scanInput(id), names.scanStream()};
            CompletionStage<Long> queued = SUBMIT.execute(redis.async(), ScriptOutputType.INTEGER, keys,
                    args.toArray(byte[][]::new));
            return queued.thenApply(ScanSubmissions::outcome);
        }
        // a Redis Cluster keeps the stream in a slot of its own: store in the task's slot, then queue; a failed XADD
        // takes the stored task back (and should that fail too, the record expires with the progress TTL, the upload with
        // upload-ttl)
        String[] keys = {names.task(id), names.scanInput(id)};
        return redis.async().xlen(names.scanStream()).thenCompose(length -> {
            if (length >= settings.maxQueued()) {
                return CompletableFuture.completedFuture(Outcome.QUEUE_FULL);
            }
            CompletionStage<Long> stored = SUBMIT.execute(redis.async(), ScriptOutputType.INTEGER, keys,
                    args.toArray(byte[][]::new));
            return stored.thenCompose(n -> n != 1L ? CompletableFuture.completedFuture(outcome(n)) : queue(id));
        });
    }

    private static Outcome outcome(Long reply) {
        return reply == 1L ? Outcome.QUEUED : reply == -1L ? Outcome.QUEUE_FULL : Outcome.ID_TAKEN;
    }

    /**
     * Cluster mode: queues a stored task and records its entry in the task record, or removes what was stored and
     * fails. Should only the recording fail, the scan is queued all the same (a worker takes it); the gateway then
     * cannot see that it waits, and a client watching it may be told after the no-progress timeout that it failed.
     */
    private CompletionStage<Outcome> queue(String id) {
        CompletableFuture<Outcome> queued = new CompletableFuture<>();
        redis.async().xadd(names.scanStream(), Map.of("task_id", bytes(id))).whenComplete((entry, failure) -> {
            if (failure == null) {
                redis.async().hset(names.task(id), RedisNames.queueEntryField(), bytes(entry)).whenComplete((n, unrecorded) -> {
                    if (unrecorded != null) {
                        LOG.warn("task {}: queued as {}, but its entry was not recorded: {}", id, entry, unrecorded.toString());
                    }
                    queued.complete(Outcome.QUEUED);
                });
            } else {
                redis.async().del(names.task(id), names.scanInput(id))
                        .whenComplete((removed, ignored) -> queued.completeExceptionally(failure));
            }
        });
        return queued;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
