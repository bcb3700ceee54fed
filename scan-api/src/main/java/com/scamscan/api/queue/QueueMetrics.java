package com.scamscan.api.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scan queue's gauges (no task ids, no consumer names, so the series stay few): {@code scamscan.queue.length},
 * {@code .waiting}, {@code .pending}, {@code .oldest.waiting.age} (seconds; 0 when none waits) and
 * {@code .dead.letters}. One reading of Redis serves all of them for {@link #MAX_AGE}, so a scrape costs one script;
 * while Redis cannot answer, the gauges read NaN.
 */
@Context
@Requires(bean = MeterRegistry.class)
public class QueueMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(QueueMetrics.class);
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private final QueueStats stats;
    private QueueStats.Snapshot last;
    private long readAt;
    private boolean failed;

    public QueueMetrics(QueueStats stats, MeterRegistry registry) {
        this.stats = stats;
        gauge(registry, "scamscan.queue.length", "scans on the queue's stream: waiting or being analysed", s -> s.length());
        gauge(registry, "scamscan.queue.waiting", "scans no worker took yet", s -> s.waiting());
        gauge(registry, "scamscan.queue.pending", "scans delivered to a worker and not finished", s -> s.pending());
        Gauge.builder("scamscan.queue.oldest.waiting.age", this, m -> m.read(s -> s.oldestWaiting() == null ? 0
                        : s.oldestWaiting().toMillis() / 1000.0))
                .description("how long the oldest scan no worker took yet has waited").baseUnit("seconds").register(registry);
        gauge(registry, "scamscan.queue.dead.letters", "scans that ran out of attempts, on the dead-letter stream", s -> s.deadLetters());
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<QueueStats.Snapshot> value) {
        Gauge.builder(name, this, m -> m.read(value)).description(description).register(registry);
    }

    private synchronized double read(ToDoubleFunction<QueueStats.Snapshot> value) {
        long now = System.nanoTime();
        if (last == null && !failed || now - readAt > MAX_AGE.toNanos()) {
            readAt = now;
            try {
                last = stats.read().toCompletableFuture().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                failed = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed = true;
            } catch (Exception e) {
                LOG.debug("queue metrics unavailable: {}", e.toString());
                failed = true;
            }
        }
        return failed || last == null ? Double.NaN : value.applyAsDouble(last);
    }
}
