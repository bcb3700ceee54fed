package com.scamscan.api.queue;

import com.scamscan.api.scan.BinaryRedis;
import com.scamscan.api.scan.ScanInput;
import com.scamscan.redis.RedisConnectionSettings;
import com.scamscan.redis.RedisNames;
import com.scamscan.redis.RedisScript;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.redis.task.UnreadableTaskRecordException;
import com.scamscan.task.TaskId;
import com.scamscan.task.TaskRecord;
import com.scamscan.task.TaskStatus;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The scan queue on a Redis stream with a consumer group: scan-api adds an entry per scan ({@code XADD}, see
 * {@code ScanSubmissions}); each worker thread is a consumer of the group {@link RedisNames#scanGroup()} and reads
 * new entries with {@code XREADGROUP ... BLOCK}. Redis keeps the pending entries list: which worker holds which entry,
 * since when (idle time) and how often it was delivered. A worker touches the entry it holds ({@code XCLAIM ... JUSTID})
 * every third of {@code claim-timeout}; every poll first takes over an entry idle longer than that ({@code XAUTOCLAIM}),
 * so a dead or hung worker's scan moves to a live one. The delivery count is the attempt; past {@code max-attempts}
 * the entry moves to the dead-letter stream. Finishing acknowledges and deletes the entry in one script, which only
 * the entry's current holder can run, so a scan taken over cannot be finished twice.
 *
 * <p>The stream and its dead letters share the slot {@code {scan}}; the upload lives in the task's slot. In a Redis
 * Cluster the upload is therefore read and deleted in a step of its own, after the stream's.
 */
@Singleton
public class ScanQueue {

    private static final RedisScript CLAIM = RedisScript.fromResource(ScanQueue.class, "claim.lua");
    private static final RedisScript RECLAIM = RedisScript.fromResource(ScanQueue.class, "reclaim.lua");
    private static final RedisScript TOUCH = RedisScript.fromResource(ScanQueue.class, "touch.lua");
    private static final RedisScript FINISH = RedisScript.fromResource(ScanQueue.class, "finish.lua");
    private static final RedisScript BURY = RedisScript.fromResource(ScanQueue.class, "bury.lua");
    private static final RedisScript MIGRATE = RedisScript.fromResource(ScanQueue.class, "migrate.lua");
    private static final RedisScript RECORD = RedisScript.fromResource(ScanQueue.class, "record.lua");
    private static final RedisScript REAP = RedisScript.fromResource(ScanQueue.class, "reap.lua");
    private static final String TASK_ID = "task_id";

    /** The settings of earlier versions' list queue, refused so that a deployment does not silently lose them. */
    static final List<String> RETIRED_SETTINGS = List.of(AgentSettings.PREFIX + ".lease-ttl", AgentSettings.PREFIX + ".recovery-interval");

    /**
     * A scan's entry delivered to a worker.
     *
     * @param attempt the entry's delivery count: 1 when first read, one more with each take-over
     */
    public record Delivery(String entryId, String taskId, int attempt) {
    }

    private final BinaryRedis redis;
    private final RedisNames names;
    private final AgentSettings settings;
    private final TaskRegistry registry;

    public ScanQueue(BinaryRedis redis, RedisNames names, AgentSettings settings, RedisConnectionSettings connection,
                     Environment environment, TaskRegistry registry) {
        this.redis = redis;
        this.names = names;
        this.settings = settings;
        this.registry = registry;
        if (settings.pollTimeout().compareTo(connection.commandTimeout()) >= 0) {
            throw new IllegalArgumentException(AgentSettings.PREFIX + ".poll-timeout (" + settings.pollTimeout()
                    + ", how long a worker's XREADGROUP blocks) must be shorter than " + RedisConnectionSettings.PREFIX
                    + ".command-timeout (" + connection.commandTimeout() + "), or every wait for a scan times out");
        }
        for (String retired : RETIRED_SETTINGS) {
            if (environment.containsProperty(retired)) {
                throw new IllegalArgumentException(retired + " is no longer used: the scan queue is a Redis stream now; set "
                        + AgentSettings.PREFIX + ".claim-timeout (how long a scan's entry may go untouched before another worker"
                        + " takes it over) instead, and remove " + retired);
            }
        }
    }

    /** Creates the workers' consumer group (and the stream) unless it exists; the group reads the stream from its start. */
    public void createGroup() {
        try {
            redis.async().xgroupCreate(XReadArgs.StreamOffset.from(names.scanStream(), "0-0"), names.scanGroup(),
                    XGroupCreateArgs.Builder.mkstream(true)).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof RedisCommandExecutionException busy) || !String.valueOf(busy.getMessage()).startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /**
     * The next scan for a worker: first an entry a dead or hung worker held longer than {@code claim-timeout}
     * ({@code XAUTOCLAIM}), else a new one, waiting up to {@code poll-timeout} on the worker's own blocking connection.
     * Creates the group when it is missing (first start, or Redis lost its data).
     *
     * @return the delivery; empty when none came
     */
    public Optional<Delivery> take(RedisClusterCommands<String, byte[]> blocking, String consumer) {
        try {
            return takeFromGroup(blocking, consumer);
        } catch (RuntimeException e) {
            if (!missingGroup(e)) {
                throw e;
            }
            createGroup();
            return takeFromGroup(blocking, consumer);
        }
    }

    private Optional<Delivery> takeFromGroup(RedisClusterCommands<String, byte[]> blocking, String consumer) {
        List<byte[]> reclaimed = RECLAIM.<List<byte[]>, byte[]>execute(redis.async(), ScriptOutputType.MULTI,
                new String[]{names.scanStream()}, bytes(names.scanGroup()), bytes(consumer),
                bytes(Long.toString(settings.claimTimeout().toMillis()))).toCompletableFuture().join();
        if (reclaimed != null && reclaimed.size() == 3) {
            return Optional.of(new Delivery(text(reclaimed.get(0)), text(reclaimed.get(1)), Integer.parseInt(text(reclaimed.get(2)))));
        }
        List<StreamMessage<String, byte[]>> read = blocking.xreadgroup(Consumer.from(names.scanGroup(), consumer),
                XReadArgs.Builder.count(1).block(settings.pollTimeout()), XReadArgs.StreamOffset.lastConsumed(names.scanStream()));
        if (read == null || read.isEmpty()) {
            return Optional.empty();
        }
        StreamMessage<String, byte[]> message = read.get(0);
        return Optional.of(new Delivery(message.getId(), text(message.getBody().get(TASK_ID)), 1));
    }

    /**
     * What the worker is to do with a scan delivered to it, from the task's record and upload read in one round trip:
     * analyse it ({@link Claim.Claimed}, with the upload and the percent the task had reached), or end it (the other
     * cases). The task's record is read before its attempts are counted, so a task that ended already is only
     * acknowledged, even on its last attempt.
     */
    public Claim claim(Delivery delivery) {
        String taskId = delivery.taskId();
        if (!TaskId.isValid(taskId)) {
            return new Claim.Unusable(delivery, "not a task id");
        }
        List<byte[]> fields = ScanInput.FIELDS.stream().map(ScanQueue::bytes).toList();
        List<Object> reply = CLAIM.<List<Object>, byte[]>execute(redis.async(), ScriptOutputType.MULTI,
                new String[]{names.task(taskId), names.scanInput(taskId)}, fields.toArray(byte[][]::new))
                .toCompletableFuture().join();
        Map<String, String> stored = record(reply.get(0));
        if (stored.isEmpty()) {
            return new Claim.Ended(delivery);
        }
        TaskRecord record;
        try {
            record = registry.read(taskId, stored);
        } catch (UnreadableTaskRecordException e) {
            return new Claim.Unusable(delivery, "unreadable task record");
        }
        if (record.status().isFinished()) {
            return new Claim.Ended(delivery);
        }
        if (delivery.attempt() > settings.maxAttempts()) {
            return new Claim.OutOfAttempts(delivery, record.percent());
        }
        List<byte[]> upload = new ArrayList<>();
        for (Object value : (List<?>) reply.get(1)) {
            upload.add((byte[]) value);
        }
        return ScanInput.read(upload)
                .<Claim>map(input -> new Claim.Claimed(delivery, input, record.percent(),
                        delivery.attempt() > 1 || record.status() != TaskStatus.QUEUED))
                .orElseGet(() -> new Claim.Expired(delivery, record.percent()));
    }

    private static Map<String, String> record(Object pairs) {
        List<?> flat = (List<?>) pairs;
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(text((byte[]) flat.get(i)), text((byte[]) flat.get(i + 1)));
        }
        return fields;
    }

    /**
     * Resets the idle time of the entry the worker holds, so that no other worker takes it over.
     *
     * @return {@code false} when the worker no longer holds it (it was idle too long and another worker took it)
     */
    public boolean touch(Delivery delivery, String consumer) {
        Long touched = TOUCH.<Long, byte[]>execute(redis.async(), ScriptOutputType.INTEGER, new String[]{names.scanStream()},
                bytes(names.scanGroup()), bytes(consumer), bytes(delivery.entryId())).toCompletableFuture().join();
        return touched != null && touched == 1L;
    }

    /**
     * The task ended (completed or failed): acknowledges and deletes its entry and drops its upload, if the worker
     * still holds the entry.
     *
     * @return {@code false} when another worker holds it now (nothing changed)
     */
    public boolean complete(Delivery delivery, String consumer) {
        boolean held = finish(delivery, consumer, "complete");
        if (held && names.cluster() && TaskId.isValid(delivery.taskId())) {
            redis.async().del(names.scanInput(delivery.taskId())).toCompletableFuture().join();
        }
        return held;
    }

    /**
     * The worker stops before finishing (shutdown): the entry stays pending, but idle for {@code claim-timeout}, so the
     * next poll of any worker takes it; this delivery is not counted as an attempt.
     */
    public boolean release(Delivery delivery, String consumer) {
        return finish(delivery, consumer, "release");
    }

    private boolean finish(Delivery delivery, String consumer, String how) {
        String[] keys = names.cluster() || !TaskId.isValid(delivery.taskId()) ? new String[]{names.scanStream()}
                : new String[]{names.scanStream(), names.scanInput(delivery.taskId())};
        Long held = FINISH.<Long, byte[]>execute(redis.async(), ScriptOutputType.INTEGER, keys, bytes(names.scanGroup()),
                bytes(consumer), bytes(delivery.entryId()), bytes(how),
                bytes(Long.toString(settings.claimTimeout().toMillis()))).toCompletableFuture().join();
        return held != null && held == 1L;
    }

    /**
     * Moves a scan out of attempts from the stream to the dead-letter stream (with its task id, entry id, deliveries,
     * last worker and the reason), if the worker holds its entry; its upload is kept for {@code dead-letter-upload-ttl}
     * (an operator may replay the scan, see {@link DeadLetters}) or dropped when that is zero.
     *
     * @return {@code false} when another worker holds it now (nothing changed)
     */
    public boolean bury(Delivery delivery, String consumer, String reason) {
        Long buried = BURY.<Long, byte[]>execute(redis.async(), ScriptOutputType.INTEGER,
                new String[]{names.scanStream(), names.scanDeadLetters()}, bytes(names.scanGroup()), bytes(consumer),
                bytes(delivery.entryId()), bytes(delivery.taskId()), bytes(reason),
                bytes(Integer.toString(settings.deadLetters()))).toCompletableFuture().join();
        boolean held = buried != null && buried == 1L;
        if (held && TaskId.isValid(delivery.taskId())) {
            // the upload lives in the task's slot, not the streams': a second step (in a cluster it could not be one script)
            Duration keep = settings.deadLetterUploadTtl();
            (keep.isZero() ? redis.async().del(names.scanInput(delivery.taskId()))
                    : redis.async().pexpire(names.scanInput(delivery.taskId()), keep.toMillis()).thenApply(set -> 1L))
                    .toCompletableFuture().join();
        }
        return held;
    }

    /**
     * Moves scans an earlier version left on its lists ({@code scan_queue}, {@code scan_processing}) into the stream, and
     * records each one's entry in its task record. Run when a worker instance starts; the lists are empty afterwards.
     *
     * @return the task ids moved
     */
    public List<String> migrate() {
        List<byte[]> moved = MIGRATE.<List<byte[]>, byte[]>execute(redis.async(), ScriptOutputType.MULTI,
                new String[]{names.legacyScanProcessing(), names.legacyScanQueue(), names.scanStream()}).toCompletableFuture().join();
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i + 1 < moved.size(); i += 2) {
            String taskId = text(moved.get(i));
            tasks.add(taskId);
            if (TaskId.isValid(taskId)) { // a malformed id is queued all the same; the worker taking it dead-letters it
                RECORD.<Long, byte[]>execute(redis.async(), ScriptOutputType.INTEGER, new String[]{names.task(taskId)},
                        moved.get(i + 1)).toCompletableFuture().join();
            }
        }
        return tasks;
    }

    /**
     * Removes consumers that hold no entry and were not seen for {@code idleMillis} (workers of stopped instances).
     *
     * @return how many were removed
     */
    public long reapConsumers(long idleMillis) {
        Long removed = REAP.<Long, byte[]>execute(redis.async(), ScriptOutputType.INTEGER, new String[]{names.scanStream()},
                bytes(names.scanGroup()), bytes(Long.toString(idleMillis))).toCompletableFuture().join();
        return removed == null ? 0 : removed;
    }

    static boolean missingGroup(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisCommandExecutionException && String.valueOf(t.getMessage()).contains("NOGROUP")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
