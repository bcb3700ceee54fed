package com.scamscan.gateway.relay;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Tells when this process could not run for a while (a stop signal, a paused VM or container, a very long
 * collection): the time between two looks, by the monotonic clock, exceeded the expected gap by more than the
 * tolerance. The injected {@link java.time.Clock} cannot tell this, since it is meant to be moved by tests.
 */
final class Pauses {

    private final long expectedNanos;
    private final long toleratedNanos;
    private final LongSupplier nanoTime;
    private long lastLook;
    private boolean looked;

    /**
     * @param expectedGap how far apart the looks are scheduled
     * @param tolerated   how much later than that a look may come without counting as a pause
     * @param nanoTime    the monotonic clock ({@code System::nanoTime})
     */
    Pauses(Duration expectedGap, Duration tolerated, LongSupplier nanoTime) {
        this.expectedNanos = expectedGap.toNanos();
        this.toleratedNanos = tolerated.toNanos();
        this.nanoTime = nanoTime;
    }

    /** How long the process was paused since the previous look; zero when it was not (or at the first look). */
    synchronized Duration sinceLastLook() {
        long now = nanoTime.getAsLong();
        long gap = looked ? now - lastLook : 0;
        lastLook = now;
        looked = true;
        return gap - expectedNanos > toleratedNanos ? Duration.ofNanos(gap - expectedNanos) : Duration.ZERO;
    }
}
