package com.scamscan.gateway.relay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What a {@link ClientStream} holds while it is not live: the live events that arrived meanwhile (bounded by
 * {@code max-buffered-events}) and a replay's events not yet sent, history first. Guarded by the stream's monitor.
 */
final class ReplayQueue {

    private final int bound;
    private final List<RelayEvent> held = new ArrayList<>();
    private final Deque<RelayEvent> backlog = new ArrayDeque<>();

    ReplayQueue(int bound) {
        this.bound = bound;
    }

    /** Holds a live event; false when the bound is reached (the event is not held). */
    boolean hold(RelayEvent event) {
        if (held.size() >= bound) {
            return false;
        }
        held.add(event);
        return true;
    }

    /** Queues the events read from history, then the live events held so far, to be sent in that order. */
    void replay(List<String> fromHistory) {
        for (String text : fromHistory) {
            RelayEvent.parse(text).ifPresent(backlog::add);
        }
        moveHeld();
    }

    /** The next event to send (live events held meanwhile come after the replay), or null when all were sent. */
    RelayEvent peek() {
        if (backlog.isEmpty()) {
            moveHeld();
        }
        return backlog.peek();
    }

    /** The event {@link #peek} gave was sent (or skipped). */
    void remove() {
        backlog.poll();
    }

    void clear() {
        held.clear();
        backlog.clear();
    }

    int bound() {
        return bound;
    }

    private void moveHeld() {
        backlog.addAll(held);
        held.clear();
    }
}
