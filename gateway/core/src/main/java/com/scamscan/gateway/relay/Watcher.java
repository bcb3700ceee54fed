package com.scamscan.gateway.relay;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client watching one task. The fields under "guarded by this" change only while holding the
 * watcher's monitor, which also orders every frame sent to the client.
 */
final class Watcher {

    private static final java.util.concurrent.atomic.AtomicLong JOINS = new java.util.concurrent.atomic.AtomicLong();

    final ClientLink link;
    final String taskId;
    /** The task's seq when the client connected, and whether the task had already finished then. */
    final long seqAtOpen;
    final boolean finishedAtOpen;
    /** Order of joining this instance: the newest are shed first when it holds more than the budget allows. */
    final long joined = JOINS.incrementAndGet();

    // guarded by this
    long lastSeq;
    boolean buffering = true;
    /** Live events that arrived while buffering (bounded by max-buffered-events). */
    List<RelayEvent> buffer = new ArrayList<>();
    /** A replay's events not yet sent: sent as fast as the client reads them (see ProgressRelay#pump). */
    final Deque<RelayEvent> backlog = new ArrayDeque<>();
    /** Whether the replay waits for the client to read what was sent before sending more. */
    boolean waitingForRoom;
    boolean catchUpFailed;
    boolean closed;

    volatile Instant lastProgressAt;
    volatile Instant lastPongAt;
    /** Whether the sweep is asking Redis if the task is still in scan-api's hands (no progress for a while). */
    final AtomicBoolean askingAboutTask = new AtomicBoolean();

    Watcher(ClientLink link, String taskId, long lastSeq, long seqAtOpen, boolean finishedAtOpen, Instant now) {
        this.link = link;
        this.taskId = taskId;
        this.lastSeq = lastSeq;
        this.seqAtOpen = seqAtOpen;
        this.finishedAtOpen = finishedAtOpen;
        this.lastProgressAt = now;
        this.lastPongAt = now;
    }

    @Override
    public String toString() {
        return "client " + link.id() + " of task " + taskId;
    }
}
