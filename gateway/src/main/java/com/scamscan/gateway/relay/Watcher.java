package com.scamscan.gateway.relay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client watching one task. The fields under "guarded by this" change only while holding the
 * watcher's monitor, which also orders every frame sent to the client.
 */
final class Watcher {

    final ClientLink link;
    final String taskId;
    /** The task's seq when the client connected, and whether the task had already finished then. */
    final long seqAtOpen;
    final boolean finishedAtOpen;

    // guarded by this
    long lastSeq;
    boolean buffering = true;
    List<RelayEvent> buffer = new ArrayList<>();
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
