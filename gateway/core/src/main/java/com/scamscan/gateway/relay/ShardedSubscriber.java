package com.scamscan.gateway.relay;

import com.scamscan.redis.RedisConnections;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sharded pub/sub on a Redis Cluster: each channel is subscribed with {@code SSUBSCRIBE}, one channel per command, on
 * a connection to the master that owns its slot (one connection per master, whatever the number of channels).
 *
 * <p>Lettuce neither routes {@code SSUBSCRIBE} by slot nor resubscribes sharded channels in a way a cluster accepts,
 * so this class owns both: node connections do not reconnect by themselves; a channel whose connection dropped, or
 * whose slot moved away (the node then sends {@code SUNSUBSCRIBE}), is homeless until {@link #maintain} re-reads the
 * slot map and subscribes it at its current owner. Every subscription, first or again, reaches the listener, so the
 * relay catches up from history and nothing that reached history is lost.
 */
final class ShardedSubscriber implements ChannelSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(ShardedSubscriber.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    /** Tries per subscription, re-reading the slot map between them (a stale map answers MOVED). */
    private static final int ATTEMPTS = 3;
    private static final long REFRESH_SPACING_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);

    /** One master's pub/sub connection. */
    private static final class Node {
        final String address;
        final StatefulRedisPubSubConnection<String, byte[]> connection;

        Node(String address, StatefulRedisPubSubConnection<String, byte[]> connection) {
            this.address = address;
            this.connection = connection;
        }

        boolean isOpen() {
            return connection != null && connection.isOpen();
        }

        @Override
        public String toString() {
            return address;
        }
    }

    /** Where a wanted channel is while no node serves it. */
    private static final Node HOMELESS = new Node("nowhere", null);

    private final RedisConnections connections;
    private final RedisClusterClient cluster;
    /** Master address to its connection, being opened or open. */
    private final Map<String, CompletableFuture<Node>> nodes = new ConcurrentHashMap<>();
    /** Wanted channels and the node that serves each, or {@link #HOMELESS}. */
    private final Map<String, Node> channels = new ConcurrentHashMap<>();
    /** Channels with a subscription under way. */
    private final Set<String> moving = ConcurrentHashMap.newKeySet();
    private volatile Listener listener;
    private volatile CompletableFuture<Void> refresh = CompletableFuture.completedFuture(null);
    private long refreshedAt = System.nanoTime() - REFRESH_SPACING_NANOS;
    private volatile boolean closed;

    ShardedSubscriber(RedisConnections connections) {
        this.connections = connections;
        this.cluster = connections.clusterClient().orElseThrow(() -> new IllegalStateException("not a Redis Cluster"));
    }

    @Override
    public void listen(Listener listener) {
        this.listener = listener;
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        channels.putIfAbsent(channel, HOMELESS);
        return place(channel);
    }

    @Override
    public void unsubscribe(String channel) {
        Node node = channels.remove(channel);
        if (node != null && node.isOpen()) {
            try {
                node.connection.async().sunsubscribe(channel).exceptionally(e -> {
                    LOG.debug("{}: sunsubscribe at {} failed: {}", channel, node, e.toString());
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.debug("{}: sunsubscribe at {} failed: {}", channel, node, e.toString());
            }
        }
    }

    @Override
    public boolean serves(String channel) {
        Node node = channels.get(channel);
        return node == null || node.isOpen();
    }

    @Override
    public boolean isOpen() {
        for (Node node : channels.values()) {
            if (!node.isOpen()) {
                return false;
            }
        }
        return nodes.values().stream().noneMatch(ShardedSubscriber::lost);
    }

    @Override
    public void maintain() {
        for (Map.Entry<String, CompletableFuture<Node>> entry : nodes.entrySet()) {
            if (lost(entry.getValue())) {
                nodes.remove(entry.getKey(), entry.getValue());
            }
        }
        List<String> homeless = new ArrayList<>();
        for (Map.Entry<String, Node> entry : channels.entrySet()) {
            Node node = entry.getValue();
            if (node != HOMELESS && !node.isOpen()) {
                LOG.info("{}: connection to {} lost, subscribing again", entry.getKey(), node);
                channels.replace(entry.getKey(), node, HOMELESS);
            }
            if (channels.get(entry.getKey()) == HOMELESS && !moving.contains(entry.getKey())) {
                homeless.add(entry.getKey());
            }
        }
        if (homeless.isEmpty()) {
            return;
        }
        refresh().whenComplete((done, failure) -> {
            for (String channel : homeless) {
                if (channels.get(channel) == HOMELESS) {
                    place(channel).exceptionally(e -> {
                        LOG.debug("{}: not subscribed yet: {}", channel, e.toString());
                        return null;
                    });
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<Node> node : nodes.values()) {
            node.thenAccept(n -> n.connection.closeAsync());
        }
        nodes.clear();
        channels.clear();
    }

    /** Subscribes a wanted channel at its slot's master, re-reading the slot map between tries. */
    private CompletionStage<Void> place(String channel) {
        if (!moving.add(channel)) {
            // a subscription is under way; the caller waits for the channel to be served
            return attempt(channel, 1);
        }
        return attempt(channel, ATTEMPTS).whenComplete((done, failure) -> moving.remove(channel));
    }

    private CompletionStage<Void> attempt(String channel, int attempts) {
        CompletionStage<Node> subscribed;
        try {
            RedisClusterNode owner = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
            if (owner == null) {
                throw new IllegalStateException("no master serves the slot of " + channel);
            }
            subscribed = node(owner).thenCompose(node -> node.connection.async().ssubscribe(channel).thenApply(ok -> node));
        } catch (RuntimeException e) {
            subscribed = CompletableFuture.failedFuture(e);
        }
        return subscribed.handle((node, failure) -> {
            if (failure == null) {
                if (!channels.replace(channel, HOMELESS, node) && channels.get(channel) != node) {
                    unsubscribeAt(node, channel); // nobody wants it any more, or another attempt placed it elsewhere
                }
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (attempts <= 1 || closed) {
                return CompletableFuture.<Void>failedFuture(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
            return refresh().thenCompose(ignored -> attempt(channel, attempts - 1));
        }).thenCompose(stage -> stage);
    }

    private void unsubscribeAt(Node node, String channel) {
        if (node.isOpen()) {
            node.connection.async().sunsubscribe(channel);
        }
    }

    /** The connection to a master, opened on first use and again after it was lost. */
    private CompletionStage<Node> node(RedisClusterNode owner) {
        String address = owner.getUri().getHost() + ":" + owner.getUri().getPort();
        return nodes.compute(address, (key, existing) -> {
            if (existing != null && !lost(existing)) {
                return existing;
            }
            return connections.connectPubSubToNode(owner, CODEC).toCompletableFuture().thenApply(connection -> {
                Node node = new Node(key, connection);
                connection.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void smessage(String channel, byte[] message) {
                        listener.message(channel, message);
                    }

                    @Override
                    public void ssubscribed(String channel, long count) {
                        listener.subscribed(channel);
                    }

                    @Override
                    public void sunsubscribed(String channel, long count) {
                        // not asked for by unsubscribe (that forgets the channel first): its slot moved to another node
                        if (channels.replace(channel, node, HOMELESS)) {
                            LOG.info("{}: {} no longer serves its slot, subscribing again", channel, node);
                        }
                    }
                });
                return node;
            });
        });
    }

    /** Whether a node connection failed to open or has closed since (one being opened is not lost). */
    private static boolean lost(CompletableFuture<Node> node) {
        return node.isDone() && (node.isCompletedExceptionally() || !node.join().isOpen());
    }

    /**
     * Re-reads the slot map; concurrent callers share one refresh, and one starts at most every
     * {@link #REFRESH_SPACING_NANOS} (while a node is down every try would otherwise ask, and log, again).
     */
    private CompletableFuture<Void> refresh() {
        synchronized (this) {
            long now = System.nanoTime();
            if (refresh.isDone() && now - refreshedAt >= REFRESH_SPACING_NANOS) {
                refreshedAt = now;
                refresh = cluster.refreshPartitionsAsync().toCompletableFuture()
                        .exceptionally(e -> {
                            LOG.debug("slot map refresh failed: {}", e.toString());
                            return null;
                        });
            }
            return refresh;
        }
    }
}
