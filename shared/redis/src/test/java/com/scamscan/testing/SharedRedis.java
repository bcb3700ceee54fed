package com.scamscan.testing;

import com.scamscan.redis.progress.ProgressPublisher;
import com.scamscan.redis.progress.ProgressSettings;
import com.scamscan.redis.RedisConnections;
import com.scamscan.redis.RedisNames;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.redis.task.TestTasks;
import com.scamscan.testing.redis.RedisClusterFixture;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.serde.ObjectMapper;
import java.util.function.Consumer;

/**
 * A Lettuce client on the fixture's Redis, a single server or a local cluster, and the shared components built on
 * it, for one test class.
 */
public final class SharedRedis implements AutoCloseable {

    public final RedisConnections.Connection<String> connection;
    public final RedisNames names;
    private final AbstractRedisClient client;
    private final RedisFixture server;
    private final RedisClusterFixture cluster;
    private final java.util.List<RedisClient> nodeClients = new java.util.concurrent.CopyOnWriteArrayList<>();

    public SharedRedis(RedisFixture redis) {
        this.server = redis;
        this.cluster = null;
        RedisClient standalone = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = standalone.connect();
        this.client = standalone;
        this.connection = RedisConnections.Connection.of(c);
        this.names = RedisNames.standalone();
    }

    public SharedRedis(RedisClusterFixture cluster) {
        this.server = null;
        this.cluster = cluster;
        RedisClusterClient clustered = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
        StatefulRedisClusterConnection<String, String> c = clustered.connect();
        this.client = clustered;
        this.connection = RedisConnections.Connection.of(c);
        this.names = RedisNames.forCluster();
    }

    /** Another client on the same Redis. */
    public SharedRedis again() {
        return cluster == null ? new SharedRedis(server) : new SharedRedis(cluster);
    }

    public ProgressPublisher publisher(ProgressSettings settings) {
        return new ProgressPublisher(connection.async(), names, settings, ObjectMapper.getDefault());
    }

    public TaskRegistry registry() {
        return new TaskRegistry(connection.async(), names, ObjectMapper.getDefault());
    }

    /** Registers and removes task records as tests need them, with the given progress TTL. */
    public TestTasks tasks(ProgressSettings settings) {
        return new TestTasks(connection.async(), names, settings);
    }

    /** Commands to the server that holds a key: the server itself, or the slot's master on a cluster. */
    public io.lettuce.core.cluster.api.sync.RedisClusterCommands<String, String> serverOf(String key) {
        if (cluster == null) {
            return connection.sync();
        }
        StatefulRedisClusterConnection<String, String> c = (StatefulRedisClusterConnection<String, String>) connection.stateful();
        return c.getConnection(c.getPartitions().getMasterBySlot(SlotHash.getSlot(key)).getNodeId()).sync();
    }

    /**
     * Subscribes a channel as the gateway does: {@code SUBSCRIBE} on a single server, {@code SSUBSCRIBE} at the slot's
     * master on a cluster. Close the returned connection to stop.
     */
    public StatefulRedisPubSubConnection<String, String> subscribe(String channel, Consumer<String> onMessage) {
        StatefulRedisPubSubConnection<String, String> sub;
        if (cluster == null) {
            sub = ((RedisClient) client).connectPubSub();
        } else {
            RedisClusterNode owner = ((StatefulRedisClusterConnection<String, String>) connection.stateful())
                    .getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
            RedisClient node = RedisClient.create(owner.getUri());
            nodeClients.add(node);
            sub = node.connectPubSub();
        }
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                onMessage.accept(message);
            }

            @Override
            public void smessage(String ch, String message) {
                onMessage.accept(message);
            }
        });
        if (cluster == null) {
            sub.sync().subscribe(channel);
        } else {
            sub.sync().ssubscribe(channel);
        }
        return sub;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
        nodeClients.forEach(RedisClient::shutdown);
    }
}
