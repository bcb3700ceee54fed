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
import io.micronaut.core.annotation.Nullable;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The apps' further connections on micronaut-redis-lettuce's client: its {@link RedisClient} ({@code redis.uri}) or
 * {@link RedisClusterClient} ({@code redis.uris}), with options the library has no property for (see
 * {@link #options} and {@link #clusterOptions}). The library's beans are the shared command connection and the
 * {@code String} pub/sub connection; this class opens the ones with other codecs (byte values, a blocking worker's own
 * connection) and, on a cluster, the per-node pub/sub connections of sharded subscriptions: Lettuce does not route
 * {@code SSUBSCRIBE} (it goes to one node and is resubscribed in one command, which fails across slots) and the
 * library has nothing for it, so subscribers open their own connection per node with {@link #connectPubSubToNode}.
 *
 * <p>Commands fail at once while a connection is down ({@code REJECT_COMMANDS}) instead of queueing, so callers can
 * answer "Redis unavailable" (503, close 1011) rather than hang; Lettuce reconnects by itself in the background. In
 * cluster mode commands are routed by the slot of their first key and follow {@code MOVED}/{@code ASK}
 * redirections; the slot map is re-read on redirections, lost connections and every {@code redis.topology-refresh}.
 */
public final class RedisConnections implements AutoCloseable {

    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    /** Per-node pub/sub connections: no automatic reconnect, their owner re-homes subscriptions itself. */
    private final RedisClient nodeClient;
    /** Cluster mode: the first seed, whose password, TLS and client name every node connection takes. */
    private final RedisURI seed;

    /**
     * @param client the library's client on one server, or null in cluster mode
     * @param clusterClient the library's cluster client, or null on one server
     * @param seed cluster mode: the first seed node as configured (null on one server)
     */
    public RedisConnections(@Nullable RedisClient client, @Nullable RedisClusterClient clusterClient, @Nullable RedisURI seed,
                            RedisConnectionSettings settings, ClientResources resources) {
        if ((client == null) == (clusterClient == null) || (clusterClient == null) != (seed == null)) {
            throw new IllegalArgumentException("either a single-server client, or a cluster client and its seed");
        }
        this.client = client;
        this.clusterClient = clusterClient;
        this.seed = seed;
        if (clusterClient != null) {
            this.nodeClient = RedisClient.create(resources);
            this.nodeClient.setOptions(ClientOptions.builder()
                    .autoReconnect(false)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .build());
        } else {
            this.nodeClient = null;
        }
    }

    /** The options of a client on one server: fail fast while disconnected, reconnect in the background. */
    public static ClientOptions options(RedisConnectionSettings settings) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .build();
    }

    /** The options of a cluster client: as {@link #options}, and the slot map re-read as described above. */
    public static ClusterClientOptions clusterOptions(RedisConnectionSettings settings) {
        return ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(settings.topologyRefresh())
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build();
    }

    /** Whether this is a Redis Cluster (hash-tagged names, sharded pub/sub). */
    public boolean cluster() {
        return clusterClient != null;
    }

    /** A command connection with its two command views. */
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

    /** Opens a command connection (routing by slot in cluster mode); close it when done. */
    public <V> Connection<V> connect(RedisCodec<String, V> codec) {
        return clusterClient != null ? Connection.of(clusterClient.connect(codec)) : Connection.of(client.connect(codec));
    }

    /** Opens a command connection with text values; close it when done. */
    public Connection<String> connect() {
        return connect(StringCodec.UTF8);
    }

    /**
     * Opens a connection for classic pub/sub ({@code SUBSCRIBE}), which Lettuce resubscribes after a reconnect. In a
     * cluster, classic messages reach every node, so this suits only rare messages. For text values use the library's
     * {@code StatefulRedisPubSubConnection<String, String>} bean.
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

    /**
     * Gives a server's address the client name (CLIENT LIST shows which app holds which connection) and, when
     * {@code redis.password} is set, that password: it is kept out of the URI so that it can come from a secret store.
     */
    static void identify(RedisURI uri, String clientName, @Nullable char[] password) {
        uri.setClientName(clientName);
        if (password != null && password.length > 0) {
            uri.setPassword(password);
        }
    }

    @Override
    public void close() {
        if (nodeClient != null) {
            nodeClient.shutdown();
        }
    }
}
