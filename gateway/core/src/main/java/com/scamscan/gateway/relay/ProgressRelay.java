package com.scamscan.gateway.relay;

import com.scamscan.gateway.admission.Admission;
import com.scamscan.gateway.admission.Handshake;
import com.scamscan.gateway.budget.BudgetSlot;
import com.scamscan.gateway.budget.ConnectionBudget;
import com.scamscan.progress.CloseCode;
import com.scamscan.task.TaskRecord;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.redis.task.TaskTrace;
import com.scamscan.redis.task.UnreadableTaskRecordException;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays task progress from Redis to clients: the front that a transport ({@code ProgressSocket}, the API Gateway
 * relay service) calls. It admits a client, looks its task up and hands it to a {@link ClientStream}; the parts do
 * the rest:
 * <ul>
 * <li>{@link Admission}: who may open a stream, and a budget slot for each that may;</li>
 * <li>{@link Subscriptions}: one subscription per task channel, one pub/sub connection per instance (per master on a
 * Redis Cluster), reference counted; each event parsed once and offered, as the same bytes, to every stream;</li>
 * <li>{@link ClientStream}: one client's greeting, replay, order, dedup by {@code seq}, catch-up and close, in
 * explicit states ({@link StreamState}) under one documented lock order;</li>
 * <li>{@link RelaySweep}: timeouts, the Redis-down bound, catch-up retries and pauses; {@link RelaySweeps} runs it
 * and the heartbeats.</li>
 * </ul>
 *
 * <p><b>Nothing lost that is in history.</b> A client is subscribed first, then sent history after its
 * {@code last_seq}, then the live events that arrived meanwhile, with duplicates dropped by {@code seq}.
 * <b>Nothing leaked.</b> A client that finishes, leaves, vanishes, reads too slowly, or whose session closed under a
 * race is detached once, which frees its subscription reference and its budget slot.
 */
@Context // connects its pub/sub connection at startup, not on the first client's handshake
public class ProgressRelay {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressRelay.class);
    private static final String DRAINING = "This gateway is shutting down: reconnect, another one will take the stream";
    private static final String GOING_AWAY = "This gateway is shutting down: reconnect with last_seq to resume";

    private final Admission admission;
    private final TaskRegistry registry;
    private final ConnectionBudget budget;
    private final Subscriptions subscriptions;
    private final RelaySweep sweep;
    private final StreamContext context;
    private final Map<ClientLink, ClientStream> streams = new ConcurrentHashMap<>();
    private volatile boolean draining;
    private CompletableFuture<Void> drained; // guarded by this: the one drain, however often it is asked for

    ProgressRelay(Admission admission, TaskRegistry registry, ConnectionBudget budget, Subscriptions subscriptions,
                  RelaySweep sweep, StreamContext context) {
        this.admission = admission;
        this.registry = registry;
        this.budget = budget;
        this.subscriptions = subscriptions;
        this.sweep = sweep;
        this.context = context;
        context.metrics.gauges(streams::size, subscriptions::count);
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
        if (draining) {
            context.refusals.refused(CloseCode.BUDGET_EXHAUSTED, taskId, handshake, link.transport());
            reject(link, taskId, CloseCode.BUDGET_EXHAUSTED, DRAINING);
            return;
        }
        admission.check(taskId, lastSeqParameter, handshake).whenComplete((outcome, impossible) -> {
            context.metrics.handshake(outcome);
            if (outcome instanceof Admission.Admitted admitted) {
                lookUp(link, taskId, admitted.lastSeq(), admitted.slot(), admitted.task(), handshake);
            } else if (outcome instanceof Admission.Refused refused) {
                context.refusals.refused(refused.code(), taskId, handshake, link.transport()); // one INFO line, bounded
                reject(link, taskId, refused.code(), refused.message());
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
        BudgetSlot slot = budget.adopt();
        if (draining) {
            slot.release();
            reject(link, taskId, CloseCode.BUDGET_EXHAUSTED, DRAINING);
            return;
        }
        lookUp(link, taskId, lastSeq, slot, null, null);
    }

    /**
     * Finds the task (unless admission read it: {@code fields}, empty when unknown) and opens the stream, which keeps
     * the slot; or refuses, which gives the slot back. The record comes with the trace its upload started
     * ({@link DeliveryTracing}), from the same read. {@code handshake} (null when admitted elsewhere) names the client
     * in the refusal log.
     */
    private void lookUp(ClientLink link, String taskId, long resumeAfter, BudgetSlot slot, @Nullable Map<String, String> fields,
                        @Nullable Handshake handshake) {
        CompletionStage<Optional<TaskRegistry.Found>> found;
        try {
            found = fields == null ? registry.findWithTrace(taskId)
                    : CompletableFuture.completedFuture(fields.isEmpty() ? Optional.empty()
                            : Optional.of(new TaskRegistry.Found(registry.read(taskId, fields), TaskTrace.of(fields))));
        } catch (RuntimeException e) {
            found = CompletableFuture.failedFuture(e);
        }
        found.whenComplete((record, failure) -> {
            try (slot) {
                Optional<UnreadableTaskRecordException> unreadable = UnreadableTaskRecordException.in(failure);
                if (unreadable.isPresent()) {
                    LOG.warn("task {}: {}; refusing the client", taskId, unreadable.get().getMessage());
                    reject(link, taskId, CloseCode.UNREADABLE_TASK, "This task's stored record cannot be read");
                } else if (failure != null) {
                    LOG.warn("task {}: Redis unavailable while connecting a client: {}", taskId, failure.toString());
                    reject(link, taskId, CloseCode.REDIS_UNAVAILABLE, "Redis unavailable, try again later");
                } else if (record.isEmpty()) {
                    if (handshake != null) {
                        context.refusals.refused(CloseCode.UNKNOWN_TASK, taskId, handshake, link.transport());
                    }
                    reject(link, taskId, CloseCode.UNKNOWN_TASK, "Unknown task: " + taskId);
                } else {
                    TaskRecord task = record.get().record();
                    // made before the slot is kept: nothing after keep() may throw, or the slot would never be given back
                    DeliveryTrace trace = context.tracing.stream(record.get().trace(), task.taskId(), link.transport(), resumeAfter > 0);
                    open(link, task, trace, resumeAfter, slot.keep());
                }
            }
        });
    }

    private void open(ClientLink link, TaskRecord record, DeliveryTrace trace, long requestedLastSeq, BudgetSlot slot) {
        if (draining) { // admitted while the drain began: it would not be in the drain's list
            slot.release();
            reject(link, record.taskId(), CloseCode.BUDGET_EXHAUSTED, DRAINING);
            return;
        }
        // no event has a seq above the record's: a last_seq beyond it (a client's slip, or a record another system
        // rewrote) would hide the events still to come, the final one among them
        long lastSeq = Math.min(requestedLastSeq, record.seq());
        ClientStream stream = new ClientStream(link, record.taskId(), lastSeq, record.seq(), record.status().isFinished(),
                context, detached -> {
                    streams.remove(link, detached);
                    slot.release();
                    subscriptions.leave(detached);
                }, trace);
        streams.put(link, stream);
        if (!link.isOpen()) { // the client left while the task was looked up
            stream.gone(null);
            return;
        }
        if (record.status().isFinished() && requestedLastSeq >= record.seq()) {
            // the client has the final event and nothing is published after it: no channel to follow (the stream
            // greets it, finds nothing after its last_seq and closes with 1000; its detach leaves nothing)
            stream.start(CompletableFuture.completedFuture(null));
            return;
        }
        stream.start(subscriptions.join(stream));
    }

    /** A pong arrived: the client is alive. */
    public void pong(ClientLink link) {
        streamOf(link).ifPresent(s -> s.liveness.pong(context.clock.instant()));
    }

    /** A data frame arrived from the client; the protocol has none, so it is ignored unless it is too large. */
    public void clientFrame(ClientLink link, int bytes) {
        int limit = context.settings.maxClientFrameBytes();
        if (bytes > limit) {
            Optional<ClientStream> stream = streamOf(link);
            String taskId = stream.map(s -> s.taskId).orElse("?");
            LOG.info("task {}: client sent a {} byte frame (limit {}), closing", taskId, bytes, limit);
            if (stream.isPresent()) {
                stream.get().close(CloseCode.POLICY_VIOLATION, "Client frames are not part of the protocol");
            } else {
                reject(link, taskId, CloseCode.POLICY_VIOLATION, "Client frames are not part of the protocol");
            }
        }
    }

    /** The connection closed, whoever closed it: detach its stream. */
    public void closed(ClientLink link, @Nullable Object reason) {
        streamOf(link).ifPresent(s -> s.gone(reason));
    }

    /** A transport error on the connection; logged with its task id, then the connection closes. */
    public void error(ClientLink link, Throwable error) {
        String taskId = streamOf(link).map(s -> s.taskId).orElse("?");
        LOG.warn("task {}: WebSocket error on {}: {}", taskId, link.id(), error.toString());
    }

    /** Sends every client a heartbeat frame and a WebSocket ping (whose pong keeps idle handling at bay). */
    public void heartbeat() {
        byte[] frame = context.frames.heartbeat(context.clock.instant()); // once for all clients
        for (ClientStream stream : streams.values()) {
            stream.heartbeat(frame);
        }
    }

    /** Checks timeouts and Redis ({@link RelaySweep}). */
    public void sweep() {
        sweep.run(streams.values());
    }

    /**
     * Drains this instance before it stops: from now on new clients are refused with an error frame and 1013 (they
     * retry, and reach another instance), and the connected ones get an error frame and 1001, one after another,
     * spread evenly over {@code window}, so that they do not all reconnect at once; each resumes with its
     * {@code last_seq} elsewhere. Completes when the last one was closed (at once when there is none).
     */
    public synchronized CompletableFuture<Void> drain(Duration window) {
        if (drained != null) {
            return drained; // a second signal: the first drain goes on
        }
        draining = true;
        drained = new CompletableFuture<>();
        List<ClientStream> clients = new ArrayList<>(streams.values());
        if (clients.isEmpty()) {
            drained.complete(null);
            return drained;
        }
        CompletableFuture<Void> done = drained;
        LOG.info("Draining: closing {} client(s) with 1001 over {}; new clients get 1013", clients.size(), window);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "scamscan-drain");
            thread.setDaemon(true);
            return thread;
        });
        long step = window.toNanos() / clients.size();
        AtomicInteger left = new AtomicInteger(clients.size());
        for (int i = 0; i < clients.size(); i++) {
            ClientStream stream = clients.get(i);
            timer.schedule(() -> {
                try {
                    stream.close(CloseCode.GOING_AWAY, GOING_AWAY);
                } finally {
                    if (left.decrementAndGet() == 0) {
                        done.complete(null);
                        timer.shutdown();
                    }
                }
            }, i * step, TimeUnit.NANOSECONDS);
        }
        return drained;
    }

    /** Whether this instance is draining (readiness is then DOWN). */
    public boolean draining() {
        return draining;
    }

    /** Closes every client with 1001 at once (they reconnect with {@code last_seq} elsewhere); after a drain, the stragglers. */
    @PreDestroy
    public void shutdown() {
        for (ClientStream stream : streams.values()) {
            stream.close(CloseCode.GOING_AWAY, null);
        }
    }

    /**
     * Closes the newest {@code count} clients with an error frame and 1013: this instance's budget lease was lost and
     * it holds that many connections over the cap (see {@link ConnectionBudget}).
     */
    public void shed(int count) {
        streams.values().stream().sorted(Comparator.comparingLong((ClientStream s) -> s.joined).reversed())
                .limit(count)
                .forEach(s -> s.close(CloseCode.BUDGET_EXHAUSTED, "Too many connections, try again later"));
    }

    /** Clients connected to this instance. */
    public int connections() {
        return streams.size();
    }

    /** Task channels this instance is subscribed to. */
    public int subscriptionCount() {
        return subscriptions.count();
    }

    /** Whether the shared pub/sub connection is up. */
    public boolean pubSubConnected() {
        return subscriptions.connected();
    }

    /** Refuses a connection before it has a stream: error frame, then close. */
    private void reject(ClientLink link, String taskId, CloseCode code, String message) {
        context.metrics.closed(code);
        // DEBUG: how many refusals there are is the client's choice (counted by code in scamscan.gateway.closes; a
        // refused handshake's INFO line is RefusalLog's, at most one per address and code per window)
        LOG.debug("task {}: refusing {} with {}: {}", abbreviate(taskId), link.id(), code.code(), message);
        link.send(context.frames.error(message, context.clock.instant()));
        link.close(code);
    }

    private Optional<ClientStream> streamOf(ClientLink link) {
        return Optional.ofNullable(streams.get(link));
    }

    static String abbreviate(String text) {
        return text == null ? "null" : text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
