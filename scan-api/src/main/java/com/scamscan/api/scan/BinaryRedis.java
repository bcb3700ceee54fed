package com.scamscan.api.scan;

import com.scamscan.redis.RedisConnections;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;

/** A connection whose values are raw bytes, for images; keys stay strings. Connected at startup. */
@Context
public class BinaryRedis {

    /** Text keys, byte values. */
    public static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisConnections.Connection<byte[]> connection;

    public BinaryRedis(RedisConnections connections) {
        this.connection = connections.connect(CODEC);
    }

    public RedisClusterAsyncCommands<String, byte[]> async() {
        return connection.async();
    }

    @PreDestroy
    void close() {
        connection.close();
    }
}
