package com.scamscan.gateway.relay;

import com.scamscan.redis.RedisConnections;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Classic pub/sub on a single Redis server, sharded pub/sub on a Redis Cluster. */
@Factory
class SubscriberFactory {

    @Singleton
    @Bean(preDestroy = "close")
    ChannelSubscriber channelSubscriber(RedisConnections connections) {
        return connections.cluster() ? new ShardedSubscriber(connections) : new ClassicSubscriber(connections);
    }
}
