package com.scamscan.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The one way the apps open Redis connections, on a single server or on a Redis Cluster ({@code scamscan.redis.uris}).
 * Commands fail at once while a connection is down ({@code REJECT_COMMANDS}) instead of queueing, so callers can
 * answer "Redis unavailable" (503, close 1011) rather than hang; Lettuce reconnects by itself in the background.
 *
 * <p>In cluster mode commands are routed by the slot of their first key and follow {@code MOVED}/{@code ASK}
 * redirections; the slot map is re-read on redirections, lost connections and every {@code topology-refresh}.
 * Sharded pub/sub is not routed by Lettuce (its {@code SSUBSCRIBE} goes to one node and is resubscribed in one
 * command, which fails across slots), so subscribers open their own connection per node with {@link #connectPubSubToNode}.
 */
public final class RedisConnections implements AutoCloseable {

    private final String clientName;
    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    /** Per-node pub/sub connections: no automatic reconnect, their owner re-homes subscriptions itself. */
    private final RedisClient nodeClient;
    /** Cluster mode: the first seed, whose password, TLS and client name every node connection takes. */
    private final RedisURI seed;

    public RedisConnections(RedisConnectionSettings settings, ClientResources resources, String clientName) {
        this.clientName = clientName;
        if (settings.cluster()) {
            List<RedisURI> seeds = settings.uris().stream().map(u -> redisUri(settings, u, clientName)).toList();
            this.seed = seeds.get(0);
            this.clusterClient = RedisClusterClient.create(resources, seeds);
            this.clusterClient.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(settings.topologyRefresh())
                            .enableAllAdaptiveRefreshTriggers()
                            .build())
                    .build());
            this.client = null;
            this.nodeClient = RedisClient.create(resources);
            this.nodeClient.setOptions(ClientOptions.builder()
                    .autoReconnect(false)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .build());
        } else {
            this.client = RedisClient.create(resources, redisUri(settings, settings.uri(), clientName));
            this.client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .build());
            this.clusterClient = null;
            this.nodeClient = null;
            this.seed = null;
        }
    }

    /** Whether this is a Redis Cluster (hash-tagged names, sharded pub/sub). */
    public boolean cluster() {
        return clusterClient != null;
    }

    /** A command connection with its two command views; close it when done. */
    public record Connection<V>(StatefulConnection<String, V> stateful, RedisClusterAsyncCommands<String, V> async,
                                RedisClusterCommands<String, V> sync) implements AutoCloseable {
        /** The two command views of a connection to one server. */
        public static <V> Connection<V> of(StatefulRedisConnection<String, V> connection) {
            return new Connection<>(connection, connection.async(), connection.sync());
        }

        /** The two command views of a cluster connection (routing by slot). */
        public static <V> Connection<V> of(StatefulRedisClusterConnection<String, V> connection) {
            return new Connection<>(connection, connection.async(), connection.sync());
        }

        @Override
        public void close() {
            stateful.close();
        }
    }

    /** Opens a command connection (routing by slot in cluster mode). */
    public <V> Connection<V> connect(RedisCodec<String, V> codec) {
        return clusterClient != null ? Connection.of(clusterClient.connect(codec)) : Connection.of(client.connect(codec));
    }

    /** Opens a command connection with text values. */
    public Connection<String> connect() {
        return connect(StringCodec.UTF8);
    }

    /**
     * Opens a connection for classic pub/sub ({@code SUBSCRIBE}), which Lettuce resubscribes after a reconnect. In a
     * cluster, classic messages reach every node, so this suits only rare messages (API Gateway announcements).
     */
    public <V> StatefulRedisPubSubConnection<String, V> connectPubSub(RedisCodec<String, V> codec) {
        return clusterClient != null ? clusterClient.connectPubSub(codec) : client.connectPubSub(codec);
    }

    /** Cluster mode: the client that knows the slot map. Empty on a single server. */
    public Optional<RedisClusterClient> clusterClient() {
        return Optional.ofNullable(clusterClient);
    }

    /**
     * Cluster mode: opens a pub/sub connection straight to one node, with the seeds' password, TLS and client name,
     * and without automatic reconnect.
     */
    public <V> CompletionStage<StatefulRedisPubSubConnection<String, V>> connectPubSubToNode(RedisClusterNode node,
                                                                                             RedisCodec<String, V> codec) {
        if (nodeClient == null) {
            throw new IllegalStateException("not in cluster mode");
        }
        return nodeClient.connectPubSubAsync(codec, nodeUri(seed, node.getUri().getHost(), node.getUri().getPort()));
    }

    /** A node's address with everything else (password, TLS, client name, timeouts) as the seed has it. */
    static RedisURI nodeUri(RedisURI seed, String host, int port) {
        RedisURI target = RedisURI.builder(seed).withHost(host).withPort(port).build();
        target.setClientName(seed.getClientName());
        return target;
    }

    /** A server's address with this app's client name and, when configured, the password. */
    static RedisURI redisUri(RedisConnectionSettings settings, String text, String clientName) {
        RedisURI uri = RedisURI.create(text);
        uri.setClientName(clientName); // CLIENT LIST shows which app holds which connection
        if (!settings.password().isEmpty()) {
            uri.setPassword(settings.password().toCharArray());
        }
        return uri;
    }

    @Override
    public void close() {
        if (clusterClient != null) {
            clusterClient.shutdown();
            nodeClient.shutdown();
        } else {
            client.shutdown();
        }
    }
}
