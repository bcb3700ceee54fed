package com.scamscan.gateway.relay;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * How many bytes a {@link ClientLink} has handed over but not yet delivered, against its bound: the one place that
 * decides "too slow" and that wakes a paced replay when the client has read enough (see {@link ClientLink#whenRoom}).
 * A frame larger than the bound still goes when nothing is unwritten: the bound measures how far a reader lags, not
 * how large one event may be.
 *
 * <p>One per connection, so its two counters are plain volatile fields updated through field updaters rather than an
 * {@code AtomicLong} and an {@code AtomicReference} of their own (two objects fewer per connection).
 */
public final class OutboundAllowance {

    private static final AtomicLongFieldUpdater<OutboundAllowance> PENDING =
            AtomicLongFieldUpdater.newUpdater(OutboundAllowance.class, "pendingBytes");
    private static final AtomicReferenceFieldUpdater<OutboundAllowance, Runnable> WAITER =
            AtomicReferenceFieldUpdater.newUpdater(OutboundAllowance.class, Runnable.class, "roomWaiter");

    private final long maxPendingBytes;
    private volatile long pendingBytes;
    private volatile Runnable roomWaiter;

    public OutboundAllowance(long maxPendingBytes) {
        this.maxPendingBytes = maxPendingBytes;
    }

    /** Counts a frame about to be handed over; {@code false} (nothing counted) when the client lags too far. */
    public boolean take(int bytes) {
        long before = PENDING.getAndAdd(this, bytes);
        if (before > 0 && before + bytes > maxPendingBytes) {
            PENDING.addAndGet(this, -bytes);
            return false;
        }
        return true;
    }

    /** A frame never went out (the link was gone): uncounts it without waking anyone. */
    public void cancel(int bytes) {
        PENDING.addAndGet(this, -bytes);
    }

    /** A frame was delivered (or failed with the link): once half the bound is free, wakes a waiting replay. */
    public void delivered(int bytes, Executor wakeOn) {
        if (PENDING.addAndGet(this, -bytes) <= maxPendingBytes / 2) {
            wake(wakeOn);
        }
    }

    /** See {@link ClientLink#hasRoomFor}. */
    public boolean hasRoomFor(int bytes) {
        long pending = pendingBytes;
        return pending == 0 || pending + bytes <= maxPendingBytes;
    }

    /** See {@link ClientLink#whenRoom}: the action runs on {@code wakeOn}, never on the caller's stack. */
    public void whenRoom(Runnable action, Executor wakeOn) {
        roomWaiter = action;
        if (pendingBytes <= maxPendingBytes / 2) {
            wake(wakeOn); // the deliveries finished before the waiter was set: nothing else would wake it
        }
    }

    /** Forgets a waiting action (the link is closing). */
    public void forget() {
        roomWaiter = null;
    }

    /** Bytes handed over but not yet delivered. */
    public long pending() {
        return pendingBytes;
    }

    private void wake(Executor wakeOn) {
        Runnable waiter = WAITER.getAndSet(this, null);
        if (waiter != null) {
            wakeOn.execute(waiter);
        }
    }
}
