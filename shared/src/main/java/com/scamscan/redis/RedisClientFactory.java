package com.scamscan.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The Lettuce client and the command connection both apps share. Commands fail at once while the
 * connection is down ({@code REJECT_COMMANDS}) instead of queueing, so callers can answer "Redis
 * unavailable" (503, close 1011) rather than hang; Lettuce reconnects by itself in the background.
 */
@Factory
public class RedisClientFactory {

    @Singleton
    @Bean(preDestroy = "shutdown")
    ClientResources clientResources(RedisConnectionSettings settings) {
        return ClientResources.builder()
                .reconnectDelay(Delay.exponential(settings.reconnectDelayMin(), settings.reconnectDelayMax(), 2,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
    }

    @Singleton
    @Bean(preDestroy = "shutdown")
    RedisClient redisClient(RedisConnectionSettings settings, ClientResources resources,
                            @io.micronaut.context.annotation.Value("${micronaut.application.name:scamscan}") String name) {
        RedisClient client = RedisClient.create(resources, redisUri(settings, name));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .build());
        return client;
    }

    /** The server's address with this app's client name and, when configured, the password. */
    static RedisURI redisUri(RedisConnectionSettings settings, String name) {
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setClientName(name); // CLIENT LIST shows which app holds which connection
        if (!settings.password().isEmpty()) {
            uri.setPassword(settings.password().toCharArray());
        }
        return uri;
    }

    @Context // connect at startup: an app that cannot reach Redis then fails to start instead of on first use
    @Bean(preDestroy = "close")
    StatefulRedisConnection<String, String> commandConnection(RedisClient client) {
        return client.connect();
    }

    @Singleton
    RedisClusterAsyncCommands<String, String> commands(StatefulRedisConnection<String, String> connection) {
        return connection.async();
    }
}
