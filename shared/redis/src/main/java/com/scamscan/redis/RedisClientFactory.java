package com.scamscan.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.lettuce.core.RedisException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Redis connections both apps share: one command connection, on a single server or a cluster. */
@Factory
public class RedisClientFactory {

    /** How long an app keeps trying to reach Redis at startup before it gives up (default 0s: not at all). */
    public static final String STARTUP_WAIT = "scamscan.redis.startup-wait";
    private static final Logger LOG = LoggerFactory.getLogger(RedisClientFactory.class);

    @Singleton
    @Bean(preDestroy = "shutdown")
    ClientResources clientResources(RedisConnectionSettings settings) {
        return ClientResources.builder()
                .reconnectDelay(Delay.exponential(settings.reconnectDelayMin(), settings.reconnectDelayMax(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    RedisConnections redisConnections(RedisConnectionSettings settings, ClientResources resources,
                                      @Value("${micronaut.application.name:scamscan}") String name) {
        return new RedisConnections(settings, resources, name);
    }

    /**
     * Connects at startup: an app that cannot reach Redis then fails to start instead of on first use. With
     * {@code scamscan.redis.startup-wait} above zero it first keeps trying that long (backing off from
     * {@code reconnect-delay-min} to {@code reconnect-delay-max}), so that an app started during a Redis failover
     * waits for Redis instead of exiting and being restarted over and over by its orchestrator.
     */
    @Context
    @Bean(preDestroy = "close")
    RedisConnections.Connection<String> commandConnection(RedisConnections connections, RedisConnectionSettings settings,
                                                          @Value("${" + STARTUP_WAIT + ":0s}") Duration startupWait) {
        if (startupWait.isNegative()) {
            throw new IllegalArgumentException(STARTUP_WAIT + " must not be negative, was " + startupWait);
        }
        long deadline = System.nanoTime() + startupWait.toNanos();
        Duration delay = settings.reconnectDelayMin();
        while (true) {
            try {
                return connections.connect();
            } catch (RedisException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                LOG.warn("Redis unreachable at startup ({}); trying again for up to {} ({})", e.getMessage(), startupWait, STARTUP_WAIT);
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delay = delay.multipliedBy(2).compareTo(settings.reconnectDelayMax()) > 0 ? settings.reconnectDelayMax() : delay.multipliedBy(2);
            }
        }
    }

    @Singleton
    RedisClusterAsyncCommands<String, String> commands(RedisConnections.Connection<String> connection) {
        return connection.async();
    }
}
