package com.scamscan.gateway.relay;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** When a client last had a task event and last answered a ping: what the sweep judges it by. */
final class Liveness {

    private volatile Instant lastProgressAt;
    private volatile Instant lastPongAt;
    /** Whether the sweep is asking Redis if the task is still in scan-api's hands (no progress for a while). */
    private final AtomicBoolean askingAboutTask = new AtomicBoolean();

    Liveness(Instant now) {
        this.lastProgressAt = now;
        this.lastPongAt = now;
    }

    synchronized void progress(Instant at) {
        lastProgressAt = at;
    }

    /** No task event, but the task is still in scan-api's hands: the no-progress timer restarts from when it was asked. */
    synchronized void progressAssumedAt(Instant asked) {
        if (lastProgressAt.isBefore(asked)) {
            lastProgressAt = asked;
        }
    }

    void pong(Instant at) {
        lastPongAt = at;
    }

    Instant lastProgressAt() {
        return lastProgressAt;
    }

    Instant lastPongAt() {
        return lastPongAt;
    }

    /** Starts asking about the task; false when a question is already under way (one at a time per client). */
    boolean startAsking() {
        return askingAboutTask.compareAndSet(false, true);
    }

    void doneAsking() {
        askingAboutTask.set(false);
    }
}
