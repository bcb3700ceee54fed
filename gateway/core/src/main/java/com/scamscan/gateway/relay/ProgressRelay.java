package com.scamscan.gateway.relay;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.gateway.budget.ConnectionBudget;
import com.scamscan.progress.CloseCode;
import com.scamscan.progress.Heartbeat;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.redis.progress.ProgressHistory;
import com.scamscan.redis.RedisNames;
import com.scamscan.task.TaskRecord;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.redis.task.UnreadableTaskRecordException;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.ObjectMapper;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays task progress from Redis to WebSocket clients.
 *
 * <p><b>One subscription per task, one connection per instance.</b> All clients share one Lettuce pub/sub
 * connection (on a Redis Cluster, one per master: {@link ShardedSubscriber}). The first local client of a task
 * subscribes its channel, the last one to leave unsubscribes it; an event arrives as bytes, its two header fields
 * are read once, and the same bytes go into every client's frame, written straight to the client's channel.
 *
 * <p><b>Nothing lost that is in history.</b> A client is subscribed first, then sent history after its
 * {@code last_seq}, then the live events that arrived meanwhile, with duplicates dropped by {@code seq}.
 * The same catch-up runs when a channel is subscribed again (after a lost connection, a slot move or a failover)
 * and whenever a live event's {@code seq} skips ahead. Events without {@code seq} are relayed as they come.
 *
 * <p><b>Nothing leaked.</b> A client that finishes, leaves, vanishes (no pongs), reads too slowly, or whose
 * session closed under a race is detached by the sweep, which frees its subscription reference.
 */
@Context // connects its pub/sub connection at startup, not on the first client's handshake
@Requires(property = ProgressRelay.ENABLED, notEquals = "false")
public class ProgressRelay {

    /** Off where this code only admits connections (the API Gateway {@code $connect} function) and relays nothing. */
    public static final String ENABLED = "scamscan.gateway.relay.enabled";

    private static final Logger LOG = LoggerFactory.getLogger(ProgressRelay.class);

    private final GatewaySettings settings;
    private final TaskRegistry registry;
    private final ProgressHistory history;
    private final RedisNames names;
    private final ObjectMapper json;
    private final Clock clock;
    private final RelayMetrics metrics;
    private final ConnectionBudget budget;
    private final Admission admission;
    private final ChannelSubscriber pubsub;

    /** Local clients per task; the key set is the set of subscribed channels. Guarded by itself. */
    private final Map<String, TaskWatchers> tasks = new HashMap<>();
    private final Map<ClientLink, Watcher> watchers = new ConcurrentHashMap<>();
    /** Tasks whose channel has had no live subscription since when; touched by the sweep only. */
    private final Map<String, Instant> unservedSince = new HashMap<>();
    /** Sweeps that came late because this process could not run; touched by the sweep only. */
    private final Pauses pauses;
    /** Pongs count from here at the earliest: when this process last ran again after a pause. Sweep only. */
    private Instant answerPingsFrom = Instant.MIN;

    public ProgressRelay(GatewaySettings settings, TaskRegistry registry, ProgressHistory history, RedisNames names,
                         ObjectMapper json, Clock clock, RelayMetrics metrics, ConnectionBudget budget, ChannelSubscriber pubsub,
                         Admission admission) {
        this.settings = settings;
        this.registry = registry;
        this.history = history;
        this.names = names;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
        this.budget = budget;
        this.admission = admission;
        this.pubsub = pubsub;
        this.pauses = new Pauses(settings.sweepInterval(), settings.clientTimeout().dividedBy(2), System::nanoTime);
        pubsub.listen(new ChannelSubscriber.Listener() {
            @Override
            public void message(String channel, byte[] message) {
                onMessage(channel, message);
            }

            @Override
            public void subscribed(String channel) {
                onSubscribed(channel);
            }
        });
        metrics.gauges(watchers::size, this::subscriptionCount);
        budget.onExcess(this::shed);
    }

    /**
     * A client opened {@code /ws/agent-progress/{taskId}?token=...&last_seq=...}: validates the input, the stream
     * token and the origin (without touching Redis), counts the handshake against its address's rate limit, takes
     * a slot of the fleet-wide budget, checks the task, greets and starts streaming; or sends an error frame and
     * closes (1008 bad input, 4401 token, 4403 origin, 4429 rate limit, 1013 budget exhausted, 4404 unknown task,
     * 1011 Redis down). Nothing is subscribed before admission, and a refused or failed connection gives its slot
     * back.
     */
    public void connect(ClientLink link, String taskId, @Nullable String lastSeqParameter, Handshake handshake) {
        admission.check(taskId, lastSeqParameter, handshake).whenComplete((outcome, impossible) -> {
            if (outcome instanceof Admission.Refused refused) {
                reject(link, taskId, refused.code(), refused.message());
            } else {
                lookUp(link, taskId, ((Admission.Admitted) outcome).lastSeq());
            }
        });
    }

    /**
     * A client that was checked and admitted elsewhere (token, origin, rate limit, a budget slot under this
     * instance's id: the API Gateway {@code $connect} function) starts streaming here: the task is looked up and
     * the client greeted, replayed and followed as any other. The slot is this instance's from now on, released
     * when the client leaves.
     */
    public void attach(ClientLink link, String taskId, long lastSeq) {
        budget.adopt();
        lookUp(link, taskId, lastSeq);
    }

    /** Holds a budget slot: finds the task and opens the stream, or gives the slot back and refuses. */
    private void lookUp(ClientLink link, String taskId, long resumeAfter) {
        CompletionStage<Optional<TaskRecord>> found;
        try {
            found = registry.find(taskId);
        } catch (RuntimeException e) {
            found = CompletableFuture.failedFuture(e);
        }
        found.whenComplete((record, failure) -> {
            Optional<UnreadableTaskRecordException> unreadable = UnreadableTaskRecordException.in(failure);
            if (unreadable.isPresent()) {
                LOG.warn("task {}: {}; refusing the client", taskId, unreadable.get().getMessage());
                budget.release();
                reject(link, taskId, CloseCode.UNREADABLE_TASK, "This task's stored record cannot be read");
            } else if (failure != null) {
                LOG.warn("task {}: Redis unavailable while connecting a client: {}", taskId, failure.toString());
                budget.release();
                reject(link, taskId, CloseCode.REDIS_UNAVAILABLE, "Redis unavailable, try again later");
            } else if (record.isEmpty()) {
                budget.release();
                reject(link, taskId, CloseCode.UNKNOWN_TASK, "Unknown task: " + taskId);
            } else {
                open(link, record.get(), resumeAfter);
            }
        });
    }

    /** A pong arrived: the client is alive. */
    public void pong(ClientLink link) {
        watcherOf(link).ifPresent(w -> w.lastPongAt = clock.instant());
    }

    /** A data frame arrived from the client; the protocol has none, so it is ignored unless it is too large. */
    public void clientFrame(ClientLink link, int bytes) {
        if (bytes > settings.maxClientFrameBytes()) {
            Optional<Watcher> watcher = watcherOf(link);
            String taskId = watcher.map(w -> w.taskId).orElse("?");
            LOG.info("task {}: client sent a {} byte frame (limit {}), closing", taskId, bytes, settings.maxClientFrameBytes());
            if (watcher.isPresent()) {
                close(watcher.get(), CloseCode.POLICY_VIOLATION, "Client frames are not part of the protocol");
            } else {
                reject(link, taskId, CloseCode.POLICY_VIOLATION, "Client frames are not part of the protocol");
            }
        }
    }

    /** The connection closed, whoever closed it: detach its watcher. */
    public void closed(ClientLink link, @Nullable Object reason) {
        watcherOf(link).ifPresent(w -> {
            boolean wasOpen;
            synchronized (w) {
                wasOpen = !w.closed;
                w.closed = true;
                w.buffer = null;
            }
            if (wasOpen) {
                LOG.debug("{} left ({})", w, reason);
                detach(w);
            }
        });
    }

    /** A transport error on the connection; logged with its task id, then the connection closes. */
    public void error(ClientLink link, Throwable error) {
        String taskId = watcherOf(link).map(w -> w.taskId).orElse("?");
        LOG.warn("task {}: WebSocket error on {}: {}", taskId, link.id(), error.toString());
    }

    /** Sends every client a heartbeat frame and a WebSocket ping (whose pong keeps idle handling at bay). */
    public void heartbeat() {
        byte[] frame = encode(Heartbeat.at(clock.instant())); // once for all clients
        for (Watcher w : watchers.values()) {
            synchronized (w) {
                if (w.closed) {
                    continue;
                }
                if (!w.link.hasRoomFor(frame.length)) {
                    w.link.ping(); // frames are on their way anyway; a heartbeat behind them proves nothing
                } else if (send(w, frame)) {
                    w.link.ping();
                }
            }
        }
    }

    /**
     * Checks timeouts and Redis: closes clients without progress (4408), drops clients that stopped answering
     * pings, detaches sessions that closed under a race, retries failed catch-ups, and closes every client
     * with 1011 once the pub/sub connection has been down longer than the bound.
     * After this process could not run for more than half the client timeout (stopped, its VM paused), no client
     * is judged by the pings it could not be sent: each gets a full client timeout from then on to answer one.
     */
    public void sweep() {
        Instant now = clock.instant();
        Duration paused = pauses.sinceLastLook();
        if (!paused.isZero()) {
            answerPingsFrom = now;
            LOG.warn("this gateway could not run for {}; its {} client(s) get {} from now to answer a ping", paused,
                    watchers.size(), settings.clientTimeout());
        }
        pubsub.maintain();
        boolean wasServing = unservedSince.isEmpty();
        Set<String> unserved = new HashSet<>();
        for (Watcher w : watchers.values()) {
            boolean redisUp = pubsub.serves(names.progressChannel(w.taskId));
            boolean redisGone = false;
            if (!redisUp) {
                unserved.add(w.taskId);
                Instant since = unservedSince.computeIfAbsent(w.taskId, id -> now);
                redisGone = elapsed(since, now).compareTo(settings.redisDownTimeout()) >= 0;
            }
            if (!w.link.isOpen()) {
                closed(w.link, null);
            } else if (redisGone) {
                close(w, CloseCode.REDIS_UNAVAILABLE, "Redis unavailable, reconnect later");
            } else if (elapsed(w.lastProgressAt, now).compareTo(settings.noProgressTimeout()) >= 0) {
                noProgress(w);
            } else if (elapsed(later(w.lastPongAt, answerPingsFrom), now).compareTo(settings.clientTimeout()) >= 0) {
                LOG.info("{} answered no ping for {}, dropping it", w, settings.clientTimeout());
                drop(w, CloseCode.GOING_AWAY);
            } else if (redisUp) {
                boolean retry;
                synchronized (w) {
                    retry = w.catchUpFailed && !w.closed;
                    w.catchUpFailed = false;
                }
                if (retry) {
                    readHistory(w); // still buffering since the failed read
                }
            }
        }
        unservedSince.keySet().retainAll(unserved);
        if (wasServing && !unserved.isEmpty()) {
            LOG.warn("Redis pub/sub connection lost; clients of {} task(s) wait for it (bound {})", unserved.size(),
                    settings.redisDownTimeout());
        }
    }

    /**
     * No task event for {@code no-progress-timeout}: a task still in scan-api's hands (its scan stream entry waiting
     * for a worker, or pending with one, which another worker takes over should it be dead) will go on, so its timer
     * restarts; any other is presumed failed (4408).
     * One look-up per client at a time; when Redis cannot answer, the next sweep asks again.
     */
    private void noProgress(Watcher w) {
        if (!w.askingAboutTask.compareAndSet(false, true)) {
            return;
        }
        Instant asked = clock.instant();
        CompletionStage<Boolean> waiting;
        try {
            waiting = registry.awaitsWorker(w.taskId);
        } catch (RuntimeException e) {
            waiting = CompletableFuture.failedFuture(e);
        }
        waiting.whenComplete((alive, failure) -> {
            if (failure != null) {
                LOG.warn("task {}: Redis unavailable while checking a task without progress: {}", w.taskId, failure.toString());
            } else if (alive) {
                synchronized (w) {
                    if (w.lastProgressAt.isBefore(asked)) {
                        w.lastProgressAt = asked;
                    }
                }
            } else if (elapsed(w.lastProgressAt, clock.instant()).compareTo(settings.noProgressTimeout()) >= 0) {
                close(w, CloseCode.NO_PROGRESS, "No progress for " + settings.noProgressTimeout().toSeconds()
                        + " s: task presumed failed");
            }
            w.askingAboutTask.set(false);
        });
    }

    /** Closes every client with 1001 (they reconnect with {@code last_seq} elsewhere). */
    @PreDestroy
    public void shutdown() {
        for (Watcher w : watchers.values()) {
            close(w, CloseCode.GOING_AWAY, null);
        }
    }

    /**
     * Closes the newest {@code count} clients with an error frame and 1013: this instance's budget lease was lost and
     * it holds that many connections over the cap (see {@link ConnectionBudget}).
     */
    public void shed(int count) {
        watchers.values().stream().sorted(java.util.Comparator.comparingLong((Watcher w) -> w.joined).reversed())
                .limit(count)
                .forEach(w -> close(w, CloseCode.BUDGET_EXHAUSTED, "Too many connections, try again later"));
    }

    /** Clients connected to this instance. */
    public int connections() {
        return watchers.size();
    }

    /** Task channels this instance is subscribed to. */
    public int subscriptionCount() {
        synchronized (tasks) {
            return tasks.size();
        }
    }

    /** Whether the shared pub/sub connection is up. */
    public boolean pubSubConnected() {
        return pubsub.isOpen();
    }

    private void open(ClientLink link, TaskRecord record, long requestedLastSeq) {
        Instant now = clock.instant();
        // no event has a seq above the record's: a last_seq beyond it (a client's slip, or a record another system
        // rewrote) would hide the events still to come, the final one among them
        long lastSeq = Math.min(requestedLastSeq, record.seq());
        Watcher w = new Watcher(link, record.taskId(), lastSeq, record.seq(), record.status().isFinished(), now);
        watchers.put(link, w);
        synchronized (w) {
            if (!sendJson(w, ProgressEvent.connected(now))) {
                closed(link, null);
                return;
            }
        }
        if (!link.isOpen()) { // the client left while the task was looked up
            closed(link, null);
            return;
        }
        subscribe(w).thenCompose(subscribed -> history.after(w.taskId, lastSeq)).whenComplete((events, failure) -> {
            if (failure != null) {
                LOG.warn("task {}: Redis unavailable while starting a stream: {}", w.taskId, failure.toString());
                close(w, CloseCode.REDIS_UNAVAILABLE, "Redis unavailable, try again later");
                return;
            }
            resume(w, events);
            synchronized (w) {
                if (!w.closed && w.finishedAtOpen && w.lastSeq >= w.seqAtOpen) {
                    // the client already had the final event: nothing more will come
                    close(w, CloseCode.TASK_FINISHED, null);
                }
            }
        });
    }

    private CompletionStage<Void> subscribe(Watcher w) {
        synchronized (tasks) {
            TaskWatchers task = tasks.computeIfAbsent(w.taskId, id -> new TaskWatchers());
            task.add(w);
            if (task.subscribed == null || task.subscribed.isCompletedExceptionally()) {
                task.subscribed = pubsub.subscribe(names.progressChannel(w.taskId)).toCompletableFuture();
            }
            return task.subscribed;
        }
    }

    /** Frees everything a watcher holds: its budget slot, and its task's subscription if it was the last. Once per watcher. */
    private void detach(Watcher w) {
        watchers.remove(w.link);
        budget.release();
        synchronized (tasks) {
            TaskWatchers task = tasks.get(w.taskId);
            if (task != null && task.remove(w) && task.isEmpty()) {
                tasks.remove(w.taskId);
                unsubscribe(w.taskId);
            }
        }
    }

    private void unsubscribe(String taskId) {
        pubsub.unsubscribe(names.progressChannel(taskId)); // if Redis is down, onSubscribed unsubscribes again later
    }

    private void onSubscribed(String channel) {
        Optional<String> taskId = names.taskIdOfChannel(channel);
        if (taskId.isEmpty()) {
            return;
        }
        Watcher[] current;
        synchronized (tasks) {
            TaskWatchers task = tasks.get(taskId.get());
            if (task == null) {
                unsubscribe(taskId.get()); // resubscribed after a reconnect, but nobody watches it any more
                return;
            }
            current = task.watchers;
        }
        for (Watcher w : current) {
            catchUp(w); // a resubscription: whatever was published while disconnected is only in history
        }
    }

    private void onMessage(String channel, byte[] message) {
        Optional<String> taskId = names.taskIdOfChannel(channel);
        if (taskId.isEmpty()) {
            return;
        }
        metrics.received();
        Optional<RelayEvent> parsed = RelayEvent.parse(message);
        if (parsed.isEmpty()) {
            metrics.malformed();
            LOG.warn("task {}: dropped malformed event from {} ({} bytes): {}", taskId.get(), channel, message.length,
                    abbreviate(new String(message, 0, Math.min(message.length, 200), StandardCharsets.UTF_8)));
            return;
        }
        Watcher[] current;
        synchronized (tasks) {
            TaskWatchers task = tasks.get(taskId.get());
            if (task == null) {
                return;
            }
            current = task.watchers; // replaced, never changed in place: safe to walk outside the lock
        }
        RelayEvent event = parsed.get();
        for (Watcher w : current) {
            offer(w, event);
        }
    }

    private void offer(Watcher w, RelayEvent event) {
        boolean startCatchUp = false;
        boolean overflow = false;
        boolean waitingForRoom = false;
        synchronized (w) {
            if (w.closed) {
                return;
            }
            if (w.buffering) {
                if (w.buffer.size() >= settings.maxBufferedEvents()) {
                    overflow = true;
                    waitingForRoom = w.waitingForRoom;
                } else {
                    w.buffer.add(event);
                }
            } else if (event.seq() != null && event.seq() > w.lastSeq + 1) {
                // seq skipped ahead: something was missed, fetch it from history before going on
                w.buffering = true;
                w.buffer = new ArrayList<>(List.of(event));
                startCatchUp = true;
            } else {
                deliver(w, event);
            }
        }
        if (overflow && waitingForRoom) {
            LOG.warn("{} is too slow: more than {} events arrived while it read its replay", w, settings.maxBufferedEvents());
            drop(w, CloseCode.SLOW_CONSUMER);
        } else if (overflow) {
            LOG.warn("{}: more than {} events arrived while catching up", w, settings.maxBufferedEvents());
            close(w, CloseCode.REDIS_UNAVAILABLE, "Could not catch up with the task's history, reconnect later");
        } else if (startCatchUp) {
            readHistory(w);
        }
    }

    /** Re-reads history after the client's last seq, holding live events meanwhile. */
    private void catchUp(Watcher w) {
        synchronized (w) {
            if (w.closed || w.buffering) {
                return; // a replay is already under way and will flush what arrives
            }
            w.buffering = true;
            w.buffer = new ArrayList<>();
        }
        readHistory(w);
    }

    private void readHistory(Watcher w) {
        long after;
        synchronized (w) {
            after = w.lastSeq;
        }
        metrics.catchUp();
        CompletionStage<List<String>> events;
        try {
            events = history.after(w.taskId, after);
        } catch (RuntimeException e) {
            events = CompletableFuture.failedFuture(e);
        }
        events.whenComplete((found, failure) -> {
            if (failure != null) {
                LOG.warn("task {}: history read failed, will retry: {}", w.taskId, failure.toString());
                synchronized (w) {
                    w.catchUpFailed = true;
                }
                return;
            }
            resume(w, found);
        });
    }

    /**
     * Queues history, then what was buffered, for the client, and sends it as fast as the client reads it (a
     * resume can replay far more than a reader may lag live: {@link #pump}); then switches to live delivery.
     */
    private void resume(Watcher w, List<String> fromHistory) {
        synchronized (w) {
            if (w.closed) {
                return;
            }
            for (String text : fromHistory) {
                RelayEvent.parse(text).ifPresent(w.backlog::add);
            }
            w.backlog.addAll(w.buffer);
            w.buffer = new ArrayList<>();
        }
        pump(w);
    }

    /**
     * Sends the replay backlog while the link has room, then the live events that arrived meanwhile; when the
     * link is full it waits for the client to read (live events keep buffering, up to the bound) instead of
     * closing it as too slow. A client that stops reading altogether stops answering pings and is dropped.
     */
    private void pump(Watcher w) {
        boolean wait = false;
        synchronized (w) {
            w.waitingForRoom = false;
            while (!w.closed) {
                RelayEvent next = w.backlog.peek();
                if (next == null) {
                    if (w.buffer.isEmpty()) {
                        w.buffering = false;
                        return;
                    }
                    w.backlog.addAll(w.buffer);
                    w.buffer = new ArrayList<>();
                    continue;
                }
                boolean repeat = next.seq() != null && next.seq() <= w.lastSeq;
                if (!repeat && !w.link.hasRoomFor(next.utf8().length)) {
                    w.waitingForRoom = true;
                    wait = true;
                    break;
                }
                w.backlog.poll();
                deliver(w, next);
            }
        }
        if (wait) {
            w.link.whenRoom(() -> pump(w));
        }
    }

    /** Sends one event unless the client already has it; closes with 1000 after the final one. Holds w. */
    private void deliver(Watcher w, RelayEvent event) {
        if (w.closed) {
            return;
        }
        if (event.seq() != null) {
            if (event.seq() <= w.lastSeq) {
                metrics.duplicate();
                return;
            }
            w.lastSeq = event.seq();
        }
        w.lastProgressAt = clock.instant();
        if (!send(w, event.utf8())) {
            return;
        }
        metrics.relayed();
        if (event.terminal()) {
            close(w, CloseCode.TASK_FINISHED, null);
        }
    }

    /** Sends a frame, or drops the client when it is too slow. Holds w. */
    private boolean send(Watcher w, byte[] utf8) {
        return switch (w.link.send(utf8)) {
            case QUEUED -> true;
            case GONE -> false;
            case TOO_SLOW -> {
                LOG.warn("{} is too slow: over {} bytes unwritten, dropping it", w, settings.maxPendingBytes());
                drop(w, CloseCode.SLOW_CONSUMER);
                yield false;
            }
        };
    }

    private boolean sendJson(Watcher w, Object frame) {
        return send(w, encode(frame));
    }

    /** A frame the gateway makes itself, as JSON; the contract types always serialise. */
    private byte[] encode(Object frame) {
        try {
            return json.writeValueAsBytes(frame);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Error frame (when there is a message), then the close frame; frees the client's subscription at once. */
    private void close(Watcher w, CloseCode code, @Nullable String errorMessage) {
        synchronized (w) {
            if (w.closed) {
                return;
            }
            if (errorMessage != null) {
                sendJson(w, ProgressEvent.error(errorMessage, clock.instant()));
            }
            w.closed = true;
            w.buffer = null;
        }
        detach(w);
        metrics.closed(code);
        if (code != CloseCode.TASK_FINISHED) {
            LOG.info("task {}: closing {} with {} {}", w.taskId, w.link.id(), code.code(), code.reason());
        }
        w.link.close(code);
    }

    /**
     * Closes a client that cannot take more frames: nothing more is sent, the close frame is queued behind what the
     * client has not read, and the connection is cut if it has not read that within {@code slow-close-grace}.
     */
    private void drop(Watcher w, CloseCode code) {
        close(w, code, null);
        w.link.abort();
    }

    /** Refuses a connection before it has a watcher: error frame, then close. */
    private void reject(ClientLink link, String taskId, CloseCode code, String message) {
        metrics.closed(code);
        // DEBUG: how many refusals there are is the client's choice (counted by code in scamscan.gateway.closes)
        LOG.debug("task {}: refusing {} with {}: {}", abbreviate(taskId), link.id(), code.code(), message);
        link.send(encode(ProgressEvent.error(message, clock.instant())));
        link.close(code);
    }

    private Optional<Watcher> watcherOf(ClientLink link) {
        return Optional.ofNullable(watchers.get(link));
    }

    private static Duration elapsed(Instant since, Instant now) {
        return since == null ? Duration.ZERO : Duration.between(since, now);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? null : a.isBefore(b) ? b : a;
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    /**
     * The local clients of one task and the state of its channel subscription. Guarded by {@code tasks}; the
     * array is replaced on every join and leave (rare) so that an event (frequent) walks it without copying.
     */
    private static final class TaskWatchers {
        Watcher[] watchers = new Watcher[0];
        CompletableFuture<Void> subscribed;

        void add(Watcher w) {
            watchers = Arrays.copyOf(watchers, watchers.length + 1);
            watchers[watchers.length - 1] = w;
        }

        boolean remove(Watcher w) {
            for (int i = 0; i < watchers.length; i++) {
                if (watchers[i] == w) {
                    Watcher[] fewer = new Watcher[watchers.length - 1];
                    System.arraycopy(watchers, 0, fewer, 0, i);
                    System.arraycopy(watchers, i + 1, fewer, i, watchers.length - i - 1);
                    watchers = fewer;
                    return true;
                }
            }
            return false;
        }

        boolean isEmpty() {
            return watchers.length == 0;
        }
    }
}
