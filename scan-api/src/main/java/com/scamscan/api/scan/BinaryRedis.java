package com.scamscan.api.scan;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;

/** A connection whose values are raw bytes, for images; keys stay strings. Connected at startup. */
@Context
public class BinaryRedis {

    private final StatefulRedisConnection<String, byte[]> connection;

    public BinaryRedis(RedisClient client) {
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    public RedisAsyncCommands<String, byte[]> async() {
        return connection.async();
    }

    @PreDestroy
    void close() {
        connection.close();
    }
}
