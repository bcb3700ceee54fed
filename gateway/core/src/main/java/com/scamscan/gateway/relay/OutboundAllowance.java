package com.scamscan.gateway.relay;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How many bytes a {@link ClientLink} has handed over but not yet delivered, against its bound: the one place that
 * decides "too slow" and that wakes a paced replay when the client has read enough (see {@link ClientLink#whenRoom}).
 * A frame larger than the bound still goes when nothing is unwritten: the bound measures how far a reader lags, not
 * how large one event may be.
 */
public final class OutboundAllowance {

    private final long maxPendingBytes;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicReference<Runnable> roomWaiter = new AtomicReference<>();

    public OutboundAllowance(long maxPendingBytes) {
        this.maxPendingBytes = maxPendingBytes;
    }

    /** Counts a frame about to be handed over; {@code false} (nothing counted) when the client lags too far. */
    public boolean take(int bytes) {
        long before = pendingBytes.getAndAdd(bytes);
        if (before > 0 && before + bytes > maxPendingBytes) {
            pendingBytes.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** A frame never went out (the link was gone): uncounts it without waking anyone. */
    public void cancel(int bytes) {
        pendingBytes.addAndGet(-bytes);
    }

    /** A frame was delivered (or failed with the link): once half the bound is free, wakes a waiting replay. */
    public void delivered(int bytes, Executor wakeOn) {
        if (pendingBytes.addAndGet(-bytes) <= maxPendingBytes / 2) {
            wake(wakeOn);
        }
    }

    /** See {@link ClientLink#hasRoomFor}. */
    public boolean hasRoomFor(int bytes) {
        long pending = pendingBytes.get();
        return pending == 0 || pending + bytes <= maxPendingBytes;
    }

    /** See {@link ClientLink#whenRoom}: the action runs on {@code wakeOn}, never on the caller's stack. */
    public void whenRoom(Runnable action, Executor wakeOn) {
        roomWaiter.set(action);
        if (pendingBytes.get() <= maxPendingBytes / 2) {
            wake(wakeOn); // the deliveries finished before the waiter was set: nothing else would wake it
        }
    }

    /** Forgets a waiting action (the link is closing). */
    public void forget() {
        roomWaiter.set(null);
    }

    /** Bytes handed over but not yet delivered. */
    public long pending() {
        return pendingBytes.get();
    }

    private void wake(Executor wakeOn) {
        Runnable waiter = roomWaiter.getAndSet(null);
        if (waiter != null) {
            wakeOn.execute(waiter);
        }
    }
}
