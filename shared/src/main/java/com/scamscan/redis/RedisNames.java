package com.scamscan.redis;

import com.scamscan.task.TaskId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Every Redis key and channel name ScamScan uses, and the only place that builds them.
 *
 * <p>Standalone names are {@code task:ID}, {@code agent_progress:ID}, {@code agent_progress_history:ID}; the
 * channel name is the one every Epic 7 publisher already uses. In cluster mode ({@code scamscan.redis.uris} set)
 * the task id is wrapped in a hash tag ({@code task:{ID}}), so a task's record, history, channel, upload and
 * lease share one slot and can be touched by one script and published with {@code SPUBLISH}; the queue's two
 * lists share the slot {@code {scan}} and the budget's two keys the slot {@code {gateway_budget}}.
 */
@Singleton
public final class RedisNames {

    private static final String TASK = "task:";
    private static final String CHANNEL = "agent_progress:";
    private static final String HISTORY = "agent_progress_history:";
    private static final String SCAN_INPUT = "scan_input:";
    private static final String SCAN_LEASE = "scan_lease:";

    private final boolean cluster;

    @Inject
    public RedisNames(RedisConnectionSettings settings) {
        this(settings.cluster());
    }

    private RedisNames(boolean cluster) {
        this.cluster = cluster;
    }

    /** Names for a single Redis server (no hash tags). */
    public static RedisNames standalone() {
        return new RedisNames(false);
    }

    /** Names for a Redis Cluster (hash tags). */
    public static RedisNames forCluster() {
        return new RedisNames(true);
    }

    /** Whether names carry hash tags and progress is published with {@code SPUBLISH}. */
    public boolean cluster() {
        return cluster;
    }

    /** The task record, a hash. */
    public String task(String taskId) {
        return TASK + slot(taskId);
    }

    /** The capped history stream of a task's events. */
    public String history(String taskId) {
        return HISTORY + slot(taskId);
    }

    /** The pub/sub channel of a task's live events. */
    public String progressChannel(String taskId) {
        return CHANNEL + slot(taskId);
    }

    /** What scan-api received for a task (image bytes, text, region), for the agent; a hash. */
    public String scanInput(String taskId) {
        return SCAN_INPUT + slot(taskId);
    }

    /** A worker's lease on a task it is analysing; while it exists, no other worker takes the task. */
    public String scanLease(String taskId) {
        return SCAN_LEASE + slot(taskId);
    }

    /** Task ids waiting for a worker, oldest at the right; a list. */
    public String scanQueue() {
        return cluster ? "scan_queue:{scan}" : "scan_queue";
    }

    /** Task ids some worker has taken; a list, checked against the leases to recover a dead worker's tasks. */
    public String scanProcessing() {
        return cluster ? "scan_processing:{scan}" : "scan_processing";
    }

    /** Known-bad URLs (normalised), a set. */
    public String scamDbUrls() {
        return "scamdb:urls";
    }

    /** Known-bad host names, a set. */
    public String scamDbDomains() {
        return "scamdb:domains";
    }

    /** Known-bad phone numbers in E.164, a set. */
    public String scamDbPhones() {
        return "scamdb:phones";
    }

    /**
     * The gateway fleet's connection counts, a hash: instance id to its admitted connections. In cluster mode the
     * budget names share the hash tag {@code {gateway_budget}} so that one script can use both.
     */
    public String budgetCounts() {
        return cluster ? "gateway_budget:{gateway_budget}:counts" : "gateway_budget:counts";
    }

    /** The gateway instances' leases, a sorted set: instance id scored by when its lease ends (ms since the epoch). */
    public String budgetLeases() {
        return cluster ? "gateway_budget:{gateway_budget}:leases" : "gateway_budget:leases";
    }

    /**
     * One client address's counter for one kind of request ({@code scan} or {@code connect}) in the current window,
     * a string with a TTL of the window. The address is hashed into the name (fixed length, no user text in keys).
     * In cluster mode the hash is the hash tag, which spreads the counters over the slots.
     */
    public String rateLimit(String kind, String addressHash) {
        return cluster ? "ratelimit:" + kind + ":{" + addressHash + "}" : "ratelimit:" + kind + ":" + addressHash;
    }

    /**
     * An API Gateway WebSocket connection admitted by the {@code $connect} function, a hash ({@code task_id},
     * {@code last_seq}, {@code connected_at}) with a TTL; the relay service reads it to attach the connection.
     */
    public String apiGatewayConnection(String connectionId) {
        return "apigw_connection:" + connectionId;
    }

    /** The channel on which the {@code $connect}/{@code $disconnect} function tells relay services about connections. */
    public String apiGatewayAnnouncements() {
        return "apigw_connections";
    }

    /** The task id a progress channel belongs to, or empty when the name is not a progress channel. */
    public Optional<String> taskIdOfChannel(String channel) {
        if (channel == null || !channel.startsWith(CHANNEL)) {
            return Optional.empty();
        }
        String rest = channel.substring(CHANNEL.length());
        if (cluster) {
            if (rest.length() < 3 || rest.charAt(0) != '{' || rest.charAt(rest.length() - 1) != '}') {
                return Optional.empty();
            }
            rest = rest.substring(1, rest.length() - 1);
        }
        return TaskId.isValid(rest) ? Optional.of(rest) : Optional.empty();
    }

    private String slot(String taskId) {
        TaskId.require(taskId);
        return cluster ? "{" + taskId + "}" : taskId;
    }
}
