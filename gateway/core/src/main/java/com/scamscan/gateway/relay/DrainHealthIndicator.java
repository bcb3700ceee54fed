package com.scamscan.gateway.relay;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Readiness ({@code /health/readiness}, and {@code /health}) is DOWN from the moment the instance starts draining, so
 * that load balancers stop sending it new clients; liveness is not affected.
 */
@Singleton
class DrainHealthIndicator implements HealthIndicator {

    private final ProgressRelay relay;

    DrainHealthIndicator(ProgressRelay relay) {
        this.relay = relay;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean draining = relay.draining();
        return Mono.just(HealthResult.builder("drain", draining ? HealthStatus.DOWN : HealthStatus.UP)
                .details(Map.of("draining", draining))
                .build());
    }
}
