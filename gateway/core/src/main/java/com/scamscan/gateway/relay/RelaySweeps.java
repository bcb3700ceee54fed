package com.scamscan.gateway.relay;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/** The relay's clocks: heartbeats, timeout and Redis checks, and the budget lease renewal. */
@Singleton
@io.micronaut.context.annotation.Requires(beans = ProgressRelay.class)
class RelaySweeps {

    private final ProgressRelay relay;
    private final com.scamscan.gateway.budget.ConnectionBudget budget;

    RelaySweeps(ProgressRelay relay, com.scamscan.gateway.budget.ConnectionBudget budget) {
        this.relay = relay;
        this.budget = budget;
    }

    /** Renews this instance's budget lease and heals its count; well inside the lease TTL. */
    @Scheduled(fixedDelay = "${scamscan.gateway.budget.renew-interval:15s}")
    void renewBudget() {
        budget.renew();
    }

    @Scheduled(fixedDelay = "${scamscan.gateway.heartbeat-interval:15s}", initialDelay = "${scamscan.gateway.heartbeat-interval:15s}")
    void heartbeat() {
        relay.heartbeat();
    }

    @Scheduled(fixedDelay = "${scamscan.gateway.sweep-interval:1s}", initialDelay = "${scamscan.gateway.sweep-interval:1s}")
    void sweep() {
        relay.sweep();
    }
}
