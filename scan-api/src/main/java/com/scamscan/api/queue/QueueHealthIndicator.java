package com.scamscan.api.queue;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code /health} component {@code scanQueue}: the queue's state as details (length, waiting, pending, the oldest
 * waiting scan's age, dead letters, each worker's pending scans). Always UP: a backlog is for alerts on the metrics,
 * not a reason to take an instance out of its load balancer (component {@code redis} says whether Redis answers);
 * UNKNOWN when Redis cannot be read.
 */
@Singleton
public class QueueHealthIndicator implements HealthIndicator {

    static final String NAME = "scanQueue";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private final QueueStats stats;

    public QueueHealthIndicator(QueueStats stats) {
        this.stats = stats;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.defer(() -> Mono.fromCompletionStage(stats.read()))
                .timeout(READ_TIMEOUT)
                .map(s -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("length", s.length());
                    details.put("waiting", s.waiting());
                    details.put("pending", s.pending());
                    details.put("oldestWaitingSeconds", s.oldestWaiting() == null ? 0 : s.oldestWaiting().toSeconds());
                    details.put("deadLetters", s.deadLetters());
                    details.put("pendingByConsumer", s.pendingByConsumer());
                    return HealthResult.builder(NAME, HealthStatus.UP).details(details).build();
                })
                .onErrorResume(e -> Mono.just(HealthResult.builder(NAME, HealthStatus.UNKNOWN)
                        .details(Map.of("error", "the queue could not be read: " + e.getClass().getSimpleName())).build()));
    }
}
