package com.scamscan.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shapes micronaut-redis-lettuce's beans for the apps. The library makes the clients ({@link RedisClient} from
 * {@code redis.uri}, {@link RedisClusterClient} from {@code redis.uris}), the command connection, the {@code String}
 * pub/sub connection and the {@code redis} health indicator; this factory adds what it has no property for: the reconnect
 * back-off ({@link ClientResources}, which the library takes when there is one), fail-fast client options and the
 * cluster's topology refresh (set on each client as it is made), this app's client name and {@code redis.password} on
 * every address, the wait for Redis at startup, and {@link RedisConnections} for the connections the library does not
 * make (other codecs, per-node sharded subscriptions).
 */
@Factory
public class RedisClientFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RedisClientFactory.class);
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Argument<StatefulRedisConnection<String, String>> CONNECTION =
            (Argument) Argument.of(StatefulRedisConnection.class, String.class, String.class);
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Argument<StatefulRedisClusterConnection<String, String>> CLUSTER_CONNECTION =
            (Argument) Argument.of(StatefulRedisClusterConnection.class, String.class, String.class);

    @Singleton
    @Primary
    @Bean(preDestroy = "shutdown")
    ClientResources clientResources(RedisConnectionSettings settings, @Nullable CommandLatencyRecorder latencies) {
        ClientResources.Builder resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(settings.reconnectDelayMin(), settings.reconnectDelayMax(), 2,
                        TimeUnit.MILLISECONDS));
        if (latencies != null) {
            resources.commandLatencyRecorder(latencies); // the round-trip times as meters (RedisMetricsFactory)
        }
        return resources.build();
    }

    /** Client name and password on the addresses of {@code redis.*} and {@code redis.servers.*}, before any client reads them. */
    @Singleton
    BeanCreatedEventListener<AbstractRedisConfiguration> identity(@Value("${micronaut.application.name:scamscan}") String name) {
        return (BeanCreatedEvent<AbstractRedisConfiguration> event) -> {
            AbstractRedisConfiguration config = event.getBean();
            if (config.getClientName() == null || config.getClientName().isEmpty()) {
                config.setClientName(name); // getUri() hands it on to redis.uri
            }
            char[] password = config.getPassword();
            config.getUri().ifPresent(uri -> RedisConnections.identify(uri, config.getClientName(), password));
            config.getUris().forEach(uri -> RedisConnections.identify(uri, config.getClientName(), password));
            return config;
        };
    }

    @Singleton
    BeanCreatedEventListener<RedisClient> clientOptions(RedisConnectionSettings settings) {
        return event -> {
            event.getBean().setOptions(RedisConnections.options(settings));
            return event.getBean();
        };
    }

    @Singleton
    BeanCreatedEventListener<RedisClusterClient> clusterClientOptions(RedisConnectionSettings settings) {
        return event -> {
            event.getBean().setOptions(RedisConnections.clusterOptions(settings));
            return event.getBean();
        };
    }

    @Singleton
    @Bean(preDestroy = "close")
    RedisConnections redisConnections(@Nullable @Primary RedisClient client, @Nullable @Primary RedisClusterClient clusterClient,
                                      @Primary AbstractRedisConfiguration config, RedisConnectionSettings settings,
                                      ClientResources resources) {
        List<RedisURI> seeds = config.getUris();
        return new RedisConnections(clusterClient != null ? null : client, clusterClient,
                clusterClient != null ? seeds.get(0) : null, settings, resources);
    }

    /**
     * The library's command connection, made at startup: an app that cannot reach Redis then fails to start instead of
     * on first use. With {@code redis.startup-wait} above zero it first keeps trying that long (backing off from
     * {@code reconnect-delay-min} to {@code reconnect-delay-max}), so that an app started during a Redis failover
     * waits for Redis instead of exiting and being restarted over and over by its orchestrator. The library closes
     * the connection.
     */
    @Context
    RedisConnections.Connection<String> commandConnection(BeanContext beans, RedisConnections connections,
                                                          RedisConnectionSettings settings) {
        long deadline = System.nanoTime() + settings.startupWait().toNanos();
        Duration delay = settings.reconnectDelayMin();
        while (true) {
            try {
                return connections.cluster() ? RedisConnections.Connection.of(beans.getBean(CLUSTER_CONNECTION))
                        : RedisConnections.Connection.of(beans.getBean(CONNECTION));
            } catch (BeanInstantiationException e) {
                RedisException cause = redisCause(e);
                if (cause == null || System.nanoTime() - deadline >= 0) {
                    throw cause != null ? cause : e;
                }
                LOG.warn("Redis unreachable at startup ({}); trying again for up to {} ({})", cause.getMessage(),
                        settings.startupWait(), RedisConnectionSettings.STARTUP_WAIT);
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw cause;
                }
                delay = delay.multipliedBy(2).compareTo(settings.reconnectDelayMax()) > 0 ? settings.reconnectDelayMax() : delay.multipliedBy(2);
            }
        }
    }

    private static RedisException redisCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisException redis) {
                return redis;
            }
        }
        return null;
    }

    @Singleton
    RedisClusterAsyncCommands<String, String> commands(RedisConnections.Connection<String> connection) {
        return connection.async();
    }
}
