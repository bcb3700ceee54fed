package com.scamscan.redis;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * How the apps reach Redis: one server ({@code uri}) or a Redis Cluster ({@code uris}).
 *
 * @param uri the server, e.g. {@code redis://localhost:6379}; ignored in cluster mode
 * @param uris seed nodes of a Redis Cluster, e.g. {@code redis://10.0.0.1:6379,redis://10.0.0.2:6379}; when set, the
 *             apps run in cluster mode: hash-tagged names, sharded pub/sub ({@code SPUBLISH}/{@code SSUBSCRIBE})
 * @param commandTimeout how long one command may take before it fails
 * @param reconnectDelayMin the first delay before reconnecting after a lost connection
 * @param reconnectDelayMax the longest delay between reconnect attempts (the delay doubles up to it)
 * @param password the server's password (AUTH), kept out of {@code uri} so that it can come from a secret store;
 *                 empty: none, or whatever {@code uri} carries
 * @param topologyRefresh cluster mode: how often the cluster's slot map is re-read even when nothing pointed to a
 *                        change (a MOVED reply or a lost connection re-reads it at once)
 */
@ConfigurationProperties(RedisConnectionSettings.PREFIX)
public record RedisConnectionSettings(
        @Bindable(defaultValue = "redis://localhost:6379") String uri,
        @Nullable List<String> uris,
        @Bindable(defaultValue = "5s") Duration commandTimeout,
        @Bindable(defaultValue = "100ms") Duration reconnectDelayMin,
        @Bindable(defaultValue = "2s") Duration reconnectDelayMax,
        @Bindable(defaultValue = "") String password,
        @Bindable(defaultValue = "30s") Duration topologyRefresh) {

    public static final String PREFIX = "scamscan.redis";

    public RedisConnectionSettings {
        uris = uris == null ? List.of() : uris.stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
        if (reconnectDelayMin.isNegative() || reconnectDelayMin.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".reconnect-delay-min must be positive, was " + reconnectDelayMin);
        }
        if (reconnectDelayMax.compareTo(reconnectDelayMin) <= 0) {
            throw new IllegalArgumentException(PREFIX + ".reconnect-delay-max (" + reconnectDelayMax
                    + ") must be greater than reconnect-delay-min (" + reconnectDelayMin + ")");
        }
        if (topologyRefresh.isNegative() || topologyRefresh.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".topology-refresh must be positive, was " + topologyRefresh);
        }
    }

    /** A single server at {@code uri} with the other settings at their defaults. */
    public static RedisConnectionSettings standalone(String uri) {
        return new RedisConnectionSettings(uri, List.of(), Duration.ofSeconds(5), Duration.ofMillis(100),
                Duration.ofSeconds(2), "", Duration.ofSeconds(30));
    }

    /** A cluster reached through these seeds, with the other settings at their defaults. */
    public static RedisConnectionSettings cluster(List<String> seeds) {
        return new RedisConnectionSettings("redis://localhost:6379", seeds, Duration.ofSeconds(5), Duration.ofMillis(100),
                Duration.ofSeconds(2), "", Duration.ofSeconds(30));
    }

    /** Whether the apps talk to a Redis Cluster. */
    public boolean cluster() {
        return !uris.isEmpty();
    }
}
