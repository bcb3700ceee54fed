package com.scamscan.redis;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * What the apps add to micronaut-redis-lettuce's own {@code redis.*} configuration. Where Redis is
 * ({@code redis.uri} for one server, {@code redis.uris} for a Redis Cluster), {@code redis.password},
 * {@code redis.client-name} and named servers ({@code redis.servers.NAME.*}) are the library's; these are the
 * settings it has no property for.
 *
 * @param commandTimeout how long one command may take before it fails
 * @param reconnectDelayMin the first delay before reconnecting after a lost connection
 * @param reconnectDelayMax the longest delay between reconnect attempts (the delay doubles up to it)
 * @param topologyRefresh cluster mode: how often the cluster's slot map is re-read even when nothing pointed to a
 *                        change (a MOVED reply or a lost connection re-reads it at once)
 * @param startupWait how long an app keeps trying to reach Redis at startup before it gives up (0s: not at all)
 */
@ConfigurationProperties(RedisConnectionSettings.PREFIX)
public record RedisConnectionSettings(
        @Bindable(defaultValue = "5s") Duration commandTimeout,
        @Bindable(defaultValue = "100ms") Duration reconnectDelayMin,
        @Bindable(defaultValue = "2s") Duration reconnectDelayMax,
        @Bindable(defaultValue = "30s") Duration topologyRefresh,
        @Bindable(defaultValue = "0s") Duration startupWait) {

    /** micronaut-redis-lettuce's prefix, which these settings share. */
    public static final String PREFIX = "redis";
    public static final String URI = PREFIX + ".uri";
    public static final String URIS = PREFIX + ".uris";
    public static final String PASSWORD = PREFIX + ".password";
    public static final String COMMAND_TIMEOUT = PREFIX + ".command-timeout";
    public static final String RECONNECT_DELAY_MIN = PREFIX + ".reconnect-delay-min";
    public static final String RECONNECT_DELAY_MAX = PREFIX + ".reconnect-delay-max";
    public static final String TOPOLOGY_REFRESH = PREFIX + ".topology-refresh";
    public static final String STARTUP_WAIT = PREFIX + ".startup-wait";

    public RedisConnectionSettings {
        if (reconnectDelayMin.isNegative() || reconnectDelayMin.isZero()) {
            throw new IllegalArgumentException(RECONNECT_DELAY_MIN + " must be positive, was " + reconnectDelayMin);
        }
        if (reconnectDelayMax.compareTo(reconnectDelayMin) <= 0) {
            throw new IllegalArgumentException(RECONNECT_DELAY_MAX + " (" + reconnectDelayMax
                    + ") must be greater than reconnect-delay-min (" + reconnectDelayMin + ")");
        }
        if (topologyRefresh.isNegative() || topologyRefresh.isZero()) {
            throw new IllegalArgumentException(TOPOLOGY_REFRESH + " must be positive, was " + topologyRefresh);
        }
        if (startupWait.isNegative()) {
            throw new IllegalArgumentException(STARTUP_WAIT + " must not be negative, was " + startupWait);
        }
    }

    /** The defaults. */
    public static RedisConnectionSettings defaults() {
        return new RedisConnectionSettings(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofSeconds(30), Duration.ZERO);
    }
}
