package com.scamscan.gateway.relay;

import java.util.concurrent.Executor;

/**
 * A {@link ClientLink} whose unwritten bytes are bounded by an {@link OutboundAllowance}: what every transport that
 * can lag behind shares. {@link #hasRoomFor} and {@link #whenRoom} are the allowance's; a replay waiting for room is
 * woken on the transport's own executor ({@link #wakeOn}), and only while the link is still open.
 *
 * <p>The link is itself the executor the allowance wakes a replay on ({@link #execute}), so that a delivered frame
 * allocates nothing and a connection holds no wake-up object of its own.
 */
public abstract class BoundedLink implements ClientLink, Executor {

    private final OutboundAllowance allowance;

    protected BoundedLink(long maxPendingBytes) {
        this.allowance = new OutboundAllowance(maxPendingBytes);
    }

    @Override
    public final boolean hasRoomFor(int bytes) {
        return allowance.hasRoomFor(bytes);
    }

    @Override
    public final void whenRoom(Runnable action) {
        allowance.whenRoom(action, this);
    }

    /** Runs a woken replay on the transport's executor, unless the link is no longer open. Called by the allowance. */
    @Override
    public final void execute(Runnable waiter) {
        if (isOpen()) {
            wakeOn(waiter);
        }
    }

    /** Runs a woken replay on another call stack than the one that delivered the frame. */
    protected abstract void wakeOn(Runnable waiter);

    /** Counts a frame about to be handed over; {@code false} (nothing counted) when the client lags too far. */
    protected final boolean take(int bytes) {
        return allowance.take(bytes);
    }

    /** A counted frame never went out. */
    protected final void cancel(int bytes) {
        allowance.cancel(bytes);
    }

    /** A counted frame was delivered (or failed with the link); may wake a waiting replay. */
    protected final void delivered(int bytes) {
        allowance.delivered(bytes, this);
    }

    /** Forgets a waiting replay (the link is closing). */
    protected final void forgetWaiter() {
        allowance.forget();
    }

    /** Bytes handed over but not yet delivered. */
    protected final long pendingBytes() {
        return allowance.pending();
    }
}
