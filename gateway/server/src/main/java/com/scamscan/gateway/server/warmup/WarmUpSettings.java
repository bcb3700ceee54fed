package com.scamscan.gateway.server.warmup;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The gateway's warm-up at start ({@link WarmUp}): streams over loopback through the real hot path before the
 * gateway reports itself healthy, so that the JIT has compiled it when the first clients come.
 *
 * @param enabled whether to warm up (on by default: the container image's gateway warms itself; the tests that
 *        start gateways turn it off unless they test it)
 * @param connections how many streams the warm-up opens in all (in rounds of at most {@code concurrency})
 * @param concurrency how many of them are open at once (each holds a budget slot and counts against loopback's
 *        connect limit while open; a round gives its counts back when it ends)
 * @param events events published to each stream, the last one {@code completed}
 * @param timeout how long the warm-up may take; after that it is abandoned (one warning) and the gateway is ready
 *        anyway
 */
@ConfigurationProperties(WarmUpSettings.PREFIX)
public record WarmUpSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "500") int connections,
        @Bindable(defaultValue = "50") int concurrency,
        @Bindable(defaultValue = "80") int events,
        @Bindable(defaultValue = "30s") Duration timeout) {

    public static final String PREFIX = "scamscan.gateway.warm-up";

    public WarmUpSettings {
        if (connections < 1) {
            throw new IllegalArgumentException(PREFIX + ".connections must be at least 1, was " + connections);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException(PREFIX + ".concurrency must be at least 1, was " + concurrency);
        }
        if (events < 1) {
            throw new IllegalArgumentException(PREFIX + ".events must be at least 1 (the completed event), was " + events);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".timeout must be positive, was " + timeout);
        }
    }
}
