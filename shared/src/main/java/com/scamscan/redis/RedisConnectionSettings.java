package com.scamscan.redis;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the apps reach Redis.
 *
 * @param uri the server, e.g. {@code redis://localhost:6379}
 * @param commandTimeout how long one command may take before it fails
 * @param reconnectDelayMin the first delay before reconnecting after a lost connection
 * @param reconnectDelayMax the longest delay between reconnect attempts (the delay doubles up to it)
 * @param password the server's password (AUTH), kept out of {@code uri} so that it can come from a secret store;
 *                 empty: none, or whatever {@code uri} carries
 */
@ConfigurationProperties(RedisConnectionSettings.PREFIX)
public record RedisConnectionSettings(
        @Bindable(defaultValue = "redis://localhost:6379") String uri,
        @Bindable(defaultValue = "5s") Duration commandTimeout,
        @Bindable(defaultValue = "100ms") Duration reconnectDelayMin,
        @Bindable(defaultValue = "2s") Duration reconnectDelayMax,
        @Bindable(defaultValue = "") String password) {

    public static final String PREFIX = "scamscan.redis";

    public RedisConnectionSettings {
        if (reconnectDelayMin.isNegative() || reconnectDelayMin.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".reconnect-delay-min must be positive, was " + reconnectDelayMin);
        }
        if (reconnectDelayMax.compareTo(reconnectDelayMin) <= 0) {
            throw new IllegalArgumentException(PREFIX + ".reconnect-delay-max (" + reconnectDelayMax
                    + ") must be greater than reconnect-delay-min (" + reconnectDelayMin + ")");
        }
    }
}
