package com.scamscan.gateway.relay;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/** The relay's clocks: heartbeats every {@code heartbeat-interval}, timeout and Redis checks every {@code sweep-interval}. */
@Singleton
class RelaySweeps {

    private final ProgressRelay relay;

    RelaySweeps(ProgressRelay relay) {
        this.relay = relay;
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
