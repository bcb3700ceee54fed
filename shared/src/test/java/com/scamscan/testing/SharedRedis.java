package com.scamscan.testing;

import com.scamscan.progress.ProgressPublisher;
import com.scamscan.progress.ProgressSettings;
import com.scamscan.redis.RedisNames;
import com.scamscan.task.TaskRegistry;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.serde.ObjectMapper;

/** A Lettuce client on the fixture's Redis and the shared components built on it, for one test class. */
public final class SharedRedis implements AutoCloseable {

    public final RedisClient client;
    public final StatefulRedisConnection<String, String> connection;
    public final RedisNames names = RedisNames.standalone();

    public SharedRedis(RedisFixture redis) {
        client = RedisClient.create(redis.uri());
        connection = client.connect();
    }

    public ProgressPublisher publisher(ProgressSettings settings) {
        return new ProgressPublisher(connection.async(), names, settings, ObjectMapper.getDefault());
    }

    public TaskRegistry registry(ProgressSettings settings) {
        return new TaskRegistry(connection.async(), names, settings, ObjectMapper.getDefault());
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
