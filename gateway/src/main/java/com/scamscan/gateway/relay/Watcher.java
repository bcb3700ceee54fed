package com.scamscan.gateway.relay;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.websocket.WebSocketSession;
import io.netty.channel.Channel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client watching one task. The fields under "guarded by this" change only while holding the
 * watcher's monitor, which also orders every frame sent to the client.
 */
final class Watcher {

    final WebSocketSession session;
    /** The session's Netty channel, written to directly; {@code null} for a session that is not Netty's. */
    @Nullable
    final Channel channel;
    final String taskId;
    /** The task's seq when the client connected, and whether the task had already finished then. */
    final long seqAtOpen;
    final boolean finishedAtOpen;
    final AtomicLong pendingBytes = new AtomicLong();

    // guarded by this
    long lastSeq;
    boolean buffering = true;
    List<RelayEvent> buffer = new ArrayList<>();
    boolean catchUpFailed;
    boolean closed;

    volatile Instant lastProgressAt;
    volatile Instant lastPongAt;

    Watcher(WebSocketSession session, @Nullable Channel channel, String taskId, long lastSeq, long seqAtOpen, boolean finishedAtOpen, Instant now) {
        this.session = session;
        this.channel = channel;
        this.taskId = taskId;
        this.lastSeq = lastSeq;
        this.seqAtOpen = seqAtOpen;
        this.finishedAtOpen = finishedAtOpen;
        this.lastProgressAt = now;
        this.lastPongAt = now;
    }

    @Override
    public String toString() {
        return "client " + session.getId() + " of task " + taskId;
    }
}
