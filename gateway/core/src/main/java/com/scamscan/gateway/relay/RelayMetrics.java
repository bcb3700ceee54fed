package com.scamscan.gateway.relay;

import com.scamscan.progress.CloseCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The relay's meters. Tags are bounded sets (close codes, drop reasons); never a task id, which would make
 * one meter per task and exhaust memory.
 */
@Singleton
public class RelayMetrics {

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter sent;
    private final Counter malformed;
    private final Counter duplicate;
    private final Counter catchUps;
    private final Counter incompleteResumes;
    private final Map<CloseCode, Counter> closes = new EnumMap<>(CloseCode.class);

    public RelayMetrics(MeterRegistry registry) {
        this.registry = registry;
        received = registry.counter("scamscan.gateway.events.received");
        sent = registry.counter("scamscan.gateway.events.relayed");
        malformed = registry.counter("scamscan.gateway.events.dropped", "reason", "malformed");
        duplicate = registry.counter("scamscan.gateway.events.dropped", "reason", "duplicate");
        catchUps = registry.counter("scamscan.gateway.catchups");
        incompleteResumes = registry.counter("scamscan.gateway.resumes.incomplete");
        for (CloseCode code : CloseCode.values()) {
            closes.put(code, registry.counter("scamscan.gateway.closes", "code", Integer.toString(code.code())));
        }
    }

    void gauges(Supplier<Number> connections, Supplier<Number> subscriptions) {
        io.micrometer.core.instrument.Gauge.builder("scamscan.gateway.connections", connections).register(registry);
        io.micrometer.core.instrument.Gauge.builder("scamscan.gateway.subscriptions", subscriptions).register(registry);
    }

    void received() {
        received.increment();
    }

    void relayed() {
        sent.increment();
    }

    void malformed() {
        malformed.increment();
    }

    void duplicate() {
        duplicate.increment();
    }

    void catchUp() {
        catchUps.increment();
    }

    /** A client was greeted with {@code resumed: false}: history no longer held all it asked for. */
    void incompleteResume() {
        incompleteResumes.increment();
    }

    void closed(CloseCode code) {
        closes.get(code).increment();
    }
}
