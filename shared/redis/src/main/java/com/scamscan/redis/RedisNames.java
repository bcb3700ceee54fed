package com.scamscan.redis;

import com.scamscan.task.TaskId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Every Redis key and channel name ScamScan uses, and the only place that builds them.
 *
 * <p>Standalone names are {@code task:ID}, {@code agent_progress:ID}, {@code agent_progress_history:ID}; the
 * channel name is the one existing agents' publishers already use. In cluster mode ({@code redis.uris} set)
 * the task id is wrapped in a hash tag ({@code task:{ID}}), so a task's record, history, channel and upload share
 * one slot and can be touched by one script and published with {@code SPUBLISH}; the queue's stream, its dead
 * letters (and the old lists read once for migration) share the slot {@code {scan}} and the budget's keys the slot
 * {@code {gateway_budget}}.
 */
@Singleton
public final class RedisNames {

    private static final String TASK = "task:";
    private static final String CHANNEL = "agent_progress:";
    private static final String HISTORY = "agent_progress_history:";
    private static final String SCAN_INPUT = "scan_input:";
    private static final String SCAMDB_FEED = "scamdb:feed:";

    private static final String BUDGET_TAG = "{gateway_budget}";

    private final boolean cluster;

    @Inject
    public RedisNames(RedisConnections connections) {
        this(connections.cluster());
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

    /**
     * The scan queue, a stream: one entry per queued scan ({@code task_id}), read by the consumer group
     * {@link #scanGroup()}; an entry stays until its scan is finished (acknowledged and deleted together) or moved to
     * {@link #scanDeadLetters()}, so an entry in the stream is a scan waiting for or held by a worker.
     */
    public String scanStream() {
        return cluster ? "scan_stream:{scan}" : "scan_stream";
    }

    /** The consumer group of the agent's workers on {@link #scanStream()} (one consumer per worker thread). */
    public String scanGroup() {
        return "scan_workers";
    }

    /** Scans that ran out of attempts, a capped stream ({@code task_id}, {@code entry}, {@code deliveries}, ...). */
    public String scanDeadLetters() {
        return cluster ? "scan_dead_letters:{scan}" : "scan_dead_letters";
    }

    /** The field of the task record that holds the task's entry id on {@link #scanStream()}. */
    public static String queueEntryField() {
        return "queue_entry";
    }

    /** The list queue of earlier versions, emptied into {@link #scanStream()} once when a worker instance starts. */
    public String legacyScanQueue() {
        return cluster ? "scan_queue:{scan}" : "scan_queue";
    }

    /** The processing list of earlier versions, emptied into {@link #scanStream()} like {@link #legacyScanQueue()}. */
    public String legacyScanProcessing() {
        return cluster ? "scan_processing:{scan}" : "scan_processing";
    }

    /** Known-bad URLs (normalised), a set: the pre-feed single set, no longer read (see {@link #scamDbFeedSet}). */
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
     * One scam-database feed's live set of one kind ({@code urls}, {@code domains} or {@code phones}), replaced whole
     * on each refresh. Standalone {@code scamdb:feed:NAME:KIND}; in cluster mode the feed name is the hash tag
     * ({@code scamdb:feed:{NAME}:KIND}), so a feed's sets, incoming sets, state and lock share one slot and one script
     * can swap them.
     */
    public String scamDbFeedSet(String feed, String kind) {
        return SCAMDB_FEED + feedSlot(feed) + ":" + requireKind(kind);
    }

    /** A set being filled by one refresh ({@code attempt}) of a feed, renamed onto {@link #scamDbFeedSet} when complete. */
    public String scamDbFeedIncoming(String feed, String kind, String attempt) {
        if (attempt == null || !attempt.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("refresh attempt ids are 1-64 letters, digits or '-'");
        }
        return scamDbFeedSet(feed, kind) + ":incoming:" + attempt;
    }

    /** A feed's refresh state, a hash (last success, last attempt, entries, last error, HTTP validators). */
    public String scamDbFeedState(String feed) {
        return SCAMDB_FEED + feedSlot(feed) + ":state";
    }

    /** The lock an instance holds while it refreshes a feed, a string with a TTL. */
    public String scamDbFeedLock(String feed) {
        return SCAMDB_FEED + feedSlot(feed) + ":lock";
    }

    /** Whether {@code name} may name a scam-database feed: 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit. */
    public static boolean isFeedName(String name) {
        return name != null && name.matches("[a-z0-9][a-z0-9_-]{0,63}");
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
     * Set (a string with a TTL of one lease) while the gateway fleet restores its counts after Redis lost them;
     * no connection is admitted meanwhile.
     */
    public String budgetRecovery() {
        return cluster ? "gateway_budget:{gateway_budget}:recovering" : "gateway_budget:recovering";
    }

    /**
     * One client address's counter for one kind of request ({@code scan} or {@code connect}) in the current window,
     * a string with a TTL of the window. The address is hashed into the name (fixed length, no user text in keys).
     * In cluster mode the hash is the hash tag, which spreads the counters over the slots; except for
     * {@code connect}, whose counters share the budget's slot {@code {gateway_budget}}, so that the gateway's
     * admission counts the handshake and takes the budget slot in one script (every handshake reaches that slot's
     * master anyway, for the budget).
     */
    public String rateLimit(String kind, String addressHash) {
        if (!cluster) {
            return "ratelimit:" + kind + ":" + addressHash;
        }
        return "connect".equals(kind) ? "ratelimit:connect:" + BUDGET_TAG + ":" + addressHash
                : "ratelimit:" + kind + ":{" + addressHash + "}";
    }

    /**
     * An API Gateway WebSocket connection admitted by the {@code $connect} function, a hash ({@code task_id},
     * {@code last_seq}, {@code connected_at}) with a TTL; the relay service reads it to attach the connection.
     */
    public String apiGatewayConnection(String connectionId) {
        return "apigw_connection:" + connectionId;
    }

    /**
     * The API Gateway relay services' leader lease, a string (the leader's id) with a TTL: only its holder posts, so
     * a relay starting during a deployment waits beside the old one instead of posting every frame a second time.
     */
    public String apiGatewayRelayLeader() {
        return "apigw_relay_leader";
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

    private String feedSlot(String feed) {
        if (!isFeedName(feed)) {
            throw new IllegalArgumentException("feed names are 1-64 lower-case letters, digits, '-' or '_'");
        }
        return cluster ? "{" + feed + "}" : feed;
    }

    private static String requireKind(String kind) {
        if (!"urls".equals(kind) && !"domains".equals(kind) && !"phones".equals(kind)) {
            throw new IllegalArgumentException("scam-database kinds are urls, domains, phones; was " + kind);
        }
        return kind;
    }

    private String slot(String taskId) {
        TaskId.require(taskId);
        return cluster ? "{" + taskId + "}" : taskId;
    }
}
