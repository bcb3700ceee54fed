package com.scamscan.gateway.relay;

import com.scamscan.progress.CloseCode;
import com.scamscan.redis.progress.ProgressHistory;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client following one task: greets it, replays history after its {@code last_seq}, then sends live events in
 * {@code seq} order without duplicates, catches up from history when a {@code seq} skips ahead or the channel was
 * subscribed again, and closes it (see {@link StreamState} for the states it goes through).
 *
 * <p><b>Lock order.</b> The stream's monitor guards its state and orders the frames handed to its {@link ClientLink}.
 * While holding it the stream calls only its link's {@code send}, {@code hasRoomFor} and {@code ping} and its
 * {@link Liveness}, leaves that take no lock of the relay's. It is never held while it reads history, detaches (in
 * the {@link Subscriptions} lock, giving the budget slot back) or closes its link: a decision to close, taken under the
 * monitor, moves the stream to {@link StreamState#CLOSING} and is carried out once the monitor is released. The
 * {@link Subscriptions} lock, in turn, is never held while a stream is called (events walk a snapshot). So the
 * one order is: stream monitor, then link or liveness; the subscriptions lock nests nothing of a stream's.
 */
final class ClientStream {

    private static final Logger LOG = LoggerFactory.getLogger(ClientStream.class);
    private static final AtomicLong JOINS = new AtomicLong();

    final ClientLink link;
    final String taskId;
    /** Order of joining this instance: the newest are shed first when it holds more than the budget allows. */
    final long joined = JOINS.incrementAndGet();
    final Liveness liveness;

    private final long seqAtOpen;
    private final boolean finishedAtOpen;
    private final StreamContext context;
    private final Consumer<ClientStream> detach;
    private final DeliveryTrace trace;

    // guarded by this
    private StreamState state = StreamState.CONNECTING;
    private long lastSeq;
    private final ReplayQueue queue;
    private boolean waitingForRoom; // replaying: waits for the client to read what was sent before sending more
    private boolean historyReadFailed; // replaying: the last history read failed (the sweep retries it)
    @Nullable
    private CloseCode closing; // a close decided under the monitor, carried out after it (finishClosing)
    private boolean abortOnClose;
    private boolean greeted; // the connected frame went out (it follows the first history read)

    /** Resumes after {@code lastSeq}; {@code detach} frees what the relay holds for the client, once, unlocked. */
    ClientStream(ClientLink link, String taskId, long lastSeq, long seqAtOpen, boolean finishedAtOpen,
                 StreamContext context, Consumer<ClientStream> detach) {
        this(link, taskId, lastSeq, seqAtOpen, finishedAtOpen, context, detach, DeliveryTrace.NONE);
    }

    /** As above, recording the delivery of its first and final events in {@code trace}. */
    ClientStream(ClientLink link, String taskId, long lastSeq, long seqAtOpen, boolean finishedAtOpen,
                 StreamContext context, Consumer<ClientStream> detach, DeliveryTrace trace) {
        this.trace = trace;
        this.link = link;
        this.taskId = taskId;
        this.lastSeq = lastSeq;
        this.seqAtOpen = seqAtOpen;
        this.finishedAtOpen = finishedAtOpen;
        this.context = context;
        this.detach = detach;
        this.queue = new ReplayQueue(context.settings.maxBufferedEvents());
        this.liveness = new Liveness(context.clock.instant());
    }

    /**
     * Once the channel is subscribed, reads the history after the client's {@code last_seq}, greets the client
     * (saying whether that history is complete), replays it and the live events held meanwhile, then goes live;
     * closes with 1011 when Redis cannot be reached, and with 1000 at once when the client already had the final
     * event of a finished task.
     */
    void start(CompletionStage<Void> subscribed) {
        readHistory(subscribed, true);
    }

    /** A live event of the task: sent, held while replaying, or the start of a catch-up when its seq skips ahead. */
    void offer(RelayEvent event) {
        boolean startCatchUp = false;
        synchronized (this) {
            if (!state.open()) {
                return;
            }
            if (state.buffering() && !queue.hold(event)) {
                // more live events arrived while replaying than the bound allows
                if (waitingForRoom) {
                    LOG.warn("{} is too slow: more than {} events arrived while it read its replay", this, queue.bound());
                    beginClose(CloseCode.SLOW_CONSUMER, null, true);
                } else {
                    LOG.warn("{}: more than {} events arrived while catching up", this, queue.bound());
                    beginClose(CloseCode.REDIS_UNAVAILABLE, "Could not catch up with the task's history, reconnect later", false);
                }
            } else if (state.buffering()) {
                return; // held until the replay is sent
            } else if (event.seq() != null && event.seq() > lastSeq + 1) {
                // seq skipped ahead: something was missed, fetch it from history before going on
                state = StreamState.REPLAYING;
                queue.hold(event);
                startCatchUp = true;
            } else {
                deliver(event);
            }
        }
        finishClosing();
        if (startCatchUp) {
            readHistory(CompletableFuture.completedFuture(null), false);
        }
    }

    /** The channel was subscribed again: whatever was published meanwhile is only in history. */
    void catchUp() {
        synchronized (this) {
            if (!state.open() || state.buffering()) {
                return; // a replay is already under way and will flush what arrives
            }
            state = StreamState.REPLAYING;
        }
        readHistory(CompletableFuture.completedFuture(null), false);
    }

    /** Reads history again when the last catch-up's read failed (the sweep calls this while Redis serves the task). */
    void retryFailedCatchUp() {
        boolean retry;
        synchronized (this) {
            retry = historyReadFailed && state.open();
            historyReadFailed = false;
        }
        if (retry) {
            readHistory(CompletableFuture.completedFuture(null), false); // still buffering since the failed read
        }
    }

    /**
     * A heartbeat frame and a ping; only the ping before the greeting (the {@code connected} frame comes first) and
     * when frames are queued anyway (a heartbeat behind them proves nothing).
     */
    void heartbeat(byte[] frame) {
        synchronized (this) {
            if (state.open() && (!greeted || !link.hasRoomFor(frame.length) || sent(link.sendHeartbeat(frame)))) {
                link.ping();
            }
        }
        finishClosing();
    }

    /** Error frame (when there is a message), then the close frame; frees the client's slot and subscription at once. */
    void close(CloseCode code, @Nullable String errorMessage) {
        closeNow(code, errorMessage, false);
    }

    /**
     * Closes a client that cannot take more frames: nothing more is sent, the close frame is queued behind what the
     * client has not read, and the connection is cut if it has not read that within {@code slow-close-grace}.
     */
    void drop(CloseCode code) {
        closeNow(code, null, true);
    }

    private void closeNow(CloseCode code, @Nullable String errorMessage, boolean abort) {
        synchronized (this) {
            beginClose(code, errorMessage, abort);
        }
        finishClosing();
    }

    /** The connection closed under the stream (the client left, or the link is gone): detach, once. */
    void gone(@Nullable Object reason) {
        synchronized (this) {
            if (!state.open()) {
                return; // closed by the relay, which detaches it
            }
            state = StreamState.CLOSED;
            queue.clear();
        }
        LOG.debug("{} left ({})", this, reason);
        detach.accept(this);
    }

    synchronized StreamState state() {
        return state;
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    /** Once {@code ready}, reads the history after the client's last seq and replays it. */
    private void readHistory(CompletionStage<Void> ready, boolean first) {
        if (!first) {
            context.metrics.catchUp();
        }
        ready.thenCompose(ok -> context.history.after(taskId, lastSeq())).whenComplete((found, failure) -> {
            if (failure == null) {
                if (first && !greet(found)) {
                    return;
                }
                resume(found.events());
                boolean hadFinal;
                synchronized (this) {
                    hadFinal = first && state.open() && finishedAtOpen && lastSeq >= seqAtOpen;
                }
                if (hadFinal) {
                    close(CloseCode.TASK_FINISHED, null); // nothing more will come
                }
            } else if (first) {
                LOG.warn("task {}: Redis unavailable while starting a stream: {}", taskId, failure.toString());
                close(CloseCode.REDIS_UNAVAILABLE, "Redis unavailable, try again later");
            } else {
                LOG.warn("task {}: history read failed, will retry: {}", taskId, failure.toString());
                synchronized (this) {
                    historyReadFailed = true; // still buffering: the sweep reads again
                }
            }
        });
    }

    /**
     * Sends the {@code connected} frame, saying whether the history read is complete after the client's
     * {@code last_seq} (else the first seq it still has); false when the client could not take it (it is then
     * detached).
     */
    private boolean greet(ProgressHistory.Read found) {
        boolean sent;
        synchronized (this) {
            boolean complete = found.complete(lastSeq, seqAtOpen);
            if (!complete) {
                context.metrics.incompleteResume();
                LOG.info("{}: history after seq {} is incomplete (first seq available: {})", this, lastSeq,
                        found.events().isEmpty() ? "none" : found.firstSeq());
            }
            greeted = true;
            sent = state.open() && send(context.frames.connected(context.clock.instant(), complete,
                    found.events().isEmpty() ? null : found.firstSeq()));
        }
        finishClosing();
        if (!sent) {
            gone(null);
        }
        return sent;
    }

    /** Queues history, then what was held, and sends it as fast as the client reads it ({@link #pump}). */
    private void resume(List<String> fromHistory) {
        synchronized (this) {
            if (!state.open()) {
                return;
            }
            state = StreamState.REPLAYING;
            queue.replay(fromHistory);
        }
        pump();
    }

    /**
     * Sends the replay while the link has room (a resume can replay far more than a reader may lag live), then goes
     * live; when the link is full it waits for the client to read (live events keep being held, up to the bound)
     * instead of closing it as too slow. A client that stops reading stops answering pings and is dropped.
     */
    private void pump() {
        boolean wait = false;
        synchronized (this) {
            waitingForRoom = false;
            while (state.open()) {
                RelayEvent next = queue.peek();
                if (next == null) {
                    state = StreamState.LIVE;
                    break;
                }
                boolean repeat = next.seq() != null && next.seq() <= lastSeq;
                if (!repeat && !link.hasRoomFor(next.utf8().length)) {
                    waitingForRoom = true;
                    wait = true;
                    break;
                }
                queue.remove();
                deliver(next);
            }
        }
        finishClosing();
        if (wait) {
            link.whenRoom(this::pump);
        }
    }

    /** Sends one event unless the client already has it; closes with 1000 after the final one. Holds this. */
    private void deliver(RelayEvent event) {
        if (!state.open()) {
            return;
        }
        if (event.seq() != null) {
            if (event.seq() <= lastSeq) {
                context.metrics.duplicate();
                return;
            }
            lastSeq = event.seq();
        }
        liveness.progress(context.clock.instant());
        if (!sent(event.seq() == null ? link.send(event.utf8()) : link.sendEvent(event.utf8(), event.seq()))) {
            return;
        }
        context.metrics.relayed(event, state == StreamState.LIVE);
        trace.delivered(event, state == StreamState.LIVE, context.clock);
        if (event.terminal()) {
            beginClose(CloseCode.TASK_FINISHED, null, false);
        }
    }

    /** Hands a frame to the link; a client too slow to take it is closed (4008). Holds this. */
    private boolean send(byte[] utf8) {
        return sent(link.send(utf8));
    }

    /** What became of a frame handed to the link; a client too slow to take it is closed (4008). Holds this. */
    private boolean sent(ClientLink.Sent outcome) {
        return switch (outcome) {
            case QUEUED -> true;
            case GONE -> false;
            case TOO_SLOW -> {
                LOG.warn("{} is too slow: over {} bytes unwritten, dropping it", this, context.settings.maxPendingBytes());
                beginClose(CloseCode.SLOW_CONSUMER, null, true);
                yield false;
            }
        };
    }

    /**
     * Decides to close: sends the error frame, if any, and stops every frame after it. Holds this; the close is
     * carried out by {@link #finishClosing} once the monitor is released. The first decision wins.
     */
    private void beginClose(CloseCode code, @Nullable String errorMessage, boolean abort) {
        if (!state.open()) {
            return;
        }
        if (errorMessage != null) {
            send(context.frames.error(errorMessage, context.clock.instant()));
            if (!state.open()) {
                return; // the client was too slow to take even the error frame: closed with 4008 instead
            }
        }
        state = StreamState.CLOSING;
        closing = code;
        abortOnClose = abort;
        queue.clear();
    }

    /** Carries out a close decided under the monitor: detach, count, close frame (and cut, for a slow reader). */
    private void finishClosing() {
        CloseCode code;
        boolean abort;
        synchronized (this) {
            code = closing;
            abort = abortOnClose;
            closing = null;
        }
        if (code == null) {
            return;
        }
        detach.accept(this);
        context.metrics.closed(code);
        if (code != CloseCode.TASK_FINISHED) {
            LOG.info("task {}: closing {} with {} {}", taskId, link.id(), code.code(), code.reason());
        }
        link.close(code);
        if (abort) {
            link.abort();
        }
        synchronized (this) {
            state = StreamState.CLOSED;
        }
    }

    @Override
    public String toString() {
        return "client " + link.id() + " of task " + taskId;
    }
}
