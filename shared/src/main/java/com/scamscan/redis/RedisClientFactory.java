package com.scamscan.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/** The Redis connections both apps share: one command connection, on a single server or a cluster. */
@Factory
public class RedisClientFactory {

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

    @Context // connect at startup: an app that cannot reach Redis then fails to start instead of on first use
    @Bean(preDestroy = "close")
    RedisConnections.Connection<String> commandConnection(RedisConnections connections) {
        return connections.connect();
    }

    @Singleton
    RedisClusterAsyncCommands<String, String> commands(RedisConnections.Connection<String> connection) {
        return connection.async();
    }
}
