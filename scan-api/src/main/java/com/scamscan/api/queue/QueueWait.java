package com.scamscan.api.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@value #NAME}: how long a scan waited on the queue before a worker took it, a timer with a percentile histogram.
 * Read from the stream entry's id, whose first part is the time Redis added it (milliseconds), against this instance's
 * clock: a first delivery only (a scan taken over after its worker died has been in analysis, not waiting), and never
 * below zero should the clocks disagree.
 */
@Singleton
public class QueueWait {

    public static final String NAME = "scamscan.queue.wait";
    /** First deliveries timed: the timer's count as a counter. */
    public static final String WAITS = "scamscan.queue.waits";
    /** Of those, the scans that waited longer than {@link #LATE_AFTER}: the queue-wait alert's objective (p95 under 30 s). */
    public static final String LATE = "scamscan.queue.waits.late";
    public static final Duration LATE_AFTER = Duration.ofSeconds(30);

    private final Timer timer;
    private final Counter waits;
    private final Counter late;
    private final Clock clock;

    public QueueWait(@Nullable MeterRegistry registry, Clock clock) {
        this.clock = clock;
        MeterRegistry meters = registry == null ? new CompositeMeterRegistry() : registry;
        this.timer = Timer.builder(NAME).description("how long a scan waited on the queue before a worker took it")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
        // where only counters and gauges travel (the CloudWatch agent drops histograms), late / waits over 5% says
        // the wait's p95 is over the objective
        this.waits = Counter.builder(WAITS).description("scans taken by a worker for the first time (the wait timer's count)")
                .register(meters);
        this.late = Counter.builder(LATE).description("scans that waited on the queue longer than 30 s").register(meters);
    }

    /** A worker took {@code delivery}; its wait is recorded when it is the first delivery. */
    public void taken(ScanQueue.Delivery delivery) {
        if (delivery.attempt() != 1) {
            return;
        }
        long added = addedAt(delivery.entryId());
        if (added >= 0) {
            long waited = Math.max(0, clock.millis() - added);
            timer.record(waited, TimeUnit.MILLISECONDS);
            waits.increment();
            if (waited > LATE_AFTER.toMillis()) {
                late.increment();
            }
        }
    }

    /** The milliseconds part of a stream entry id ({@code 1764300000000-0}); -1 when it has none. */
    static long addedAt(String entryId) {
        int dash = entryId.indexOf('-');
        try {
            return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
