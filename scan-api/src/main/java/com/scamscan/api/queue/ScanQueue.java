package com.scamscan.api.queue;

import com.scamscan.api.scan.BinaryRedis;
import com.scamscan.api.scan.ImageType;
import com.scamscan.redis.RedisNames;
import com.scamscan.redis.RedisScript;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scan queue: scan-api pushes task ids on {@code scan_queue}; a worker moves one to {@code scan_processing}
 * and takes a lease on it that it renews while it works. A task whose lease lapsed (its worker died) is put
 * back on the queue by the next {@link #recover} of any instance, up to the allowed attempts.
 *
 * <p>The two lists share one slot and a task's lease and upload share the task's slot, so in a Redis Cluster no
 * script spans both. Each change is therefore two steps, the task's keys first and the lists second; a crash
 * between them leaves the task on the processing list without a lease, which {@link #recover} finds and finishes.
 */
@Singleton
public class ScanQueue {

    private static final RedisScript CLAIM = RedisScript.fromResource(ScanQueue.class, "claim.lua");
    private static final RedisScript RENEW = RedisScript.fromResource(ScanQueue.class, "renew.lua");
    private static final RedisScript FINISH = RedisScript.fromResource(ScanQueue.class, "finish.lua");
    private static final RedisScript ABANDON = RedisScript.fromResource(ScanQueue.class, "abandon.lua");
    private static final RedisScript UNLIST = RedisScript.fromResource(ScanQueue.class, "unlist.lua");

    /** A task a worker holds. */
    public record Claim(String taskId, int attempt, byte[] image, ImageType imageType, String text, String region) {
    }

    private final BinaryRedis redis;
    private final RedisNames names;
    private final AgentSettings settings;
    /**
     * Processing entries never leased at the last {@link #recover}, with their upload's lease count then; requeued if
     * still without a lease, and none taken meanwhile, at the next.
     */
    private final Map<String, String> suspects = new HashMap<>();

    public ScanQueue(BinaryRedis redis, RedisNames names, AgentSettings settings) {
        this.redis = redis;
        this.names = names;
        this.settings = settings;
    }

    /**
     * Waits up to {@code waitSeconds} for a task on the given blocking connection (one per worker: the wait
     * blocks it), then takes its lease.
     *
     * @return the task and its upload; empty when none came, or when its upload had expired (the entry is
     *         then dropped and the id returned in {@code expired} is for the caller to fail)
     */
    public Optional<Claim> claim(RedisClusterCommands<String, byte[]> blocking, String workerId, long waitSeconds, List<String> expired) {
        byte[] moved = blocking.blmove(names.scanQueue(), names.scanProcessing(), LMoveArgs.Builder.rightLeft(), waitSeconds);
        if (moved == null) {
            return Optional.empty();
        }
        String taskId = new String(moved, StandardCharsets.UTF_8);
        List<byte[]> reply = CLAIM.<List<byte[]>, byte[]>execute(redis.async(), ScriptOutputType.MULTI,
                new String[]{names.scanLease(taskId), names.scanInput(taskId)},
                bytes(workerId), bytes(Long.toString(settings.leaseTtl().toMillis()))).toCompletableFuture().join();
        if (reply == null || reply.size() < 5 || reply.get(0) == null) { // the upload expired (upload-ttl)
            blocking.lrem(names.scanProcessing(), 1, moved);
            expired.add(taskId);
            return Optional.empty();
        }
        return Optional.of(new Claim(taskId, Integer.parseInt(text(reply.get(0))), reply.get(1),
                ImageType.valueOf(text(reply.get(2))), text(reply.get(3)), text(reply.get(4))));
    }

    /** Extends the lease; {@code false} when the worker lost it (another worker may have the task). */
    public boolean renew(String taskId, String workerId) {
        Long renewed = RENEW.<Long, byte[]>execute(redis.async(), ScriptOutputType.INTEGER, new String[]{names.scanLease(taskId)},
                bytes(workerId), bytes(Long.toString(settings.leaseTtl().toMillis()))).toCompletableFuture().join();
        return renewed != null && renewed == 1L;
    }

    /** The task ended (completed or failed): drops it from processing, with its lease and upload. */
    public void complete(String taskId, String workerId) {
        finish(taskId, workerId, "complete");
    }

    /** The worker stops before finishing: the task goes back to the front of the queue for another worker. */
    public void release(String taskId, String workerId) {
        finish(taskId, workerId, "release");
    }

    /**
     * Requeues tasks whose worker died: entries of the processing list whose lease lapsed (a lease was taken since
     * the task was last queued, and it is gone) at once; entries never leased only when they were so at the previous
     * call too, with no lease taken in between (so a worker between taking a task and leasing it is never mistaken
     * for a dead one).
     *
     * @return the ids that ran out of attempts; they are off the queue and their uploads dropped, and the
     *         caller ends them {@code failed}
     */
    public synchronized List<String> recover() {
        List<byte[]> processing = redis.async().lrange(names.scanProcessing(), 0, -1).toCompletableFuture().join();
        Map<String, String> unleased = new HashMap<>();
        List<String> exhausted = new java.util.ArrayList<>();
        for (byte[] entry : processing) {
            String taskId = text(entry);
            List<Object> reply = ABANDON.<List<Object>, byte[]>execute(redis.async(), ScriptOutputType.MULTI,
                    new String[]{names.scanLease(taskId), names.scanInput(taskId)},
                    bytes(Integer.toString(settings.maxAttempts())), bytes(suspects.getOrDefault(taskId, "")))
                    .toCompletableFuture().join();
            long outcome = reply == null || reply.isEmpty() ? 0L : (Long) reply.get(0);
            if (outcome == 0L) {
                continue; // a worker holds it
            }
            if (outcome == 2L) {
                unleased.put(taskId, text((byte[]) reply.get(1))); // perhaps a worker about to lease it: decided next time
                continue;
            }
            if (unlist(taskId, outcome == 1L) && outcome == -1L) {
                exhausted.add(taskId); // only the instance that took it off the list fails it
            }
        }
        suspects.clear();
        suspects.putAll(unleased);
        return exhausted;
    }

    private void finish(String taskId, String workerId, String how) {
        Long held = FINISH.<Long, byte[]>execute(redis.async(), ScriptOutputType.INTEGER,
                new String[]{names.scanLease(taskId), names.scanInput(taskId)},
                bytes(workerId), bytes(how)).toCompletableFuture().join();
        if (held != null && held == 1L) {
            unlist(taskId, how.equals("release"));
        }
    }

    /** Takes a task off the processing list, back on the queue if asked; whether it was on the list. */
    private boolean unlist(String taskId, boolean requeue) {
        Long removed = UNLIST.<Long, byte[]>execute(redis.async(), ScriptOutputType.INTEGER,
                new String[]{names.scanProcessing(), names.scanQueue()},
                bytes(taskId), bytes(requeue ? "1" : "0")).toCompletableFuture().join();
        return removed != null && removed == 1L;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
