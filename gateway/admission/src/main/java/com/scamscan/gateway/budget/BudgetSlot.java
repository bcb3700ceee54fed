package com.scamscan.gateway.budget;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One admitted connection's slot of the fleet-wide budget, owned by whoever holds this handle. {@link #close()} gives
 * it back unless the holder {@link #keep kept} it; the new owner (a client's stream) gives it back with
 * {@link #release()} when the client leaves. Either gives the slot back at most once, so a refused or failed
 * connection is released by a try-with-resources or a {@code finally} and a kept one by its stream alone.
 */
public final class BudgetSlot implements AutoCloseable {

    private static final int HELD = 0;
    private static final int KEPT = 1;
    private static final int RELEASED = 2;

    private final Runnable release;
    private final AtomicInteger state = new AtomicInteger(HELD);

    /** @param release gives the slot back (called at most once) */
    public BudgetSlot(Runnable release) {
        this.release = release;
    }

    /** A handle that holds no slot (the connection was refused before taking one): closing it gives nothing back. */
    public static BudgetSlot none() {
        return new BudgetSlot(() -> { });
    }

    /** The caller keeps the slot beyond this handle's scope: {@link #close()} no longer gives it back. */
    public BudgetSlot keep() {
        state.compareAndSet(HELD, KEPT);
        return this;
    }

    /** Gives the slot back unless it was kept or already given back. */
    @Override
    public void close() {
        if (state.compareAndSet(HELD, RELEASED)) {
            release.run();
        }
    }

    /** Gives the slot back, kept or not, unless it already was: the owner of a kept slot calls this once it is done. */
    public void release() {
        if (state.getAndSet(RELEASED) != RELEASED) {
            release.run();
        }
    }

    /** Whether the slot was given back. */
    public boolean released() {
        return state.get() == RELEASED;
    }
}
