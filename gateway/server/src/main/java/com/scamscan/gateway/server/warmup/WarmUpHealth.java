package com.scamscan.gateway.server.warmup;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code /health} and {@code /health/readiness} ({@code warm-up}) are DOWN while the gateway warms up ({@link WarmUp}),
 * UP once it is done (however it ended) or when it is off. {@code /health/liveness} says the same ({@link Live},
 * {@code warm-up-liveness}) because that is what the load balancer's target group asks (infra's {@code Site.targetHealth}):
 * without it the first clients would come during the warm-up. The warm-up's timeout bounds how long either is DOWN.
 */
@Singleton
public class WarmUpHealth implements HealthIndicator {

    private final WarmUp warmUp;

    WarmUpHealth(WarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.just(result(warmUp, "warm-up"));
    }

    static HealthResult result(WarmUp warmUp, String name) {
        WarmUp.Phase phase = warmUp.phase();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", switch (phase) {
            case OFF -> "off";
            case WARMING -> "warming up";
            case DONE -> "done";
        });
        WarmUp.Result result = warmUp.result();
        if (result != null) {
            details.put("streams", result.streams());
            details.put("events", result.eventsReceived());
            details.put("millis", result.millis());
            if (result.failure() != null) {
                details.put("abandoned", result.failure());
            }
        }
        return HealthResult.builder(name, phase == WarmUp.Phase.WARMING ? HealthStatus.DOWN : HealthStatus.UP)
                .details(details)
                .build();
    }

    /** The same, for {@code /health/liveness}. */
    @Singleton
    @Liveness
    public static class Live implements HealthIndicator {

        private final WarmUp warmUp;

        Live(WarmUp warmUp) {
            this.warmUp = warmUp;
        }

        @Override
        public Publisher<HealthResult> getResult() {
            return Mono.just(result(warmUp, "warm-up-liveness"));
        }
    }
}
