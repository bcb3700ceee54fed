package com.scamscan.gateway.relay;

import com.scamscan.redis.RedisConnections;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classic pub/sub on one connection (a single Redis server). Lettuce reconnects it and subscribes every channel again
 * by itself, and each resubscription reaches the listener.
 */
final class ClassicSubscriber implements ChannelSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(ClassicSubscriber.class);

    /** Channel names as text, messages as the bytes published: they go out to clients without a decode. */
    private final StatefulRedisPubSubConnection<String, byte[]> pubsub;

    ClassicSubscriber(RedisConnections connections) {
        this.pubsub = connections.connectPubSub(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    @Override
    public void listen(Listener listener) {
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                listener.message(channel, message);
            }

            @Override
            public void subscribed(String channel, long count) {
                listener.subscribed(channel);
            }
        });
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        try {
            return pubsub.async().subscribe(channel);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void unsubscribe(String channel) {
        try {
            pubsub.async().unsubscribe(channel).exceptionally(e -> {
                // Redis is down: Lettuce resubscribes on reconnect and the relay unsubscribes again then
                LOG.debug("{}: unsubscribe failed: {}", channel, e.toString());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("{}: unsubscribe failed: {}", channel, e.toString());
        }
    }

    @Override
    public boolean serves(String channel) {
        return pubsub.isOpen();
    }

    @Override
    public boolean isOpen() {
        return pubsub.isOpen();
    }

    @Override
    public void maintain() {
        // Lettuce reconnects and resubscribes this connection by itself
    }

    @Override
    public void close() {
        pubsub.close();
    }
}
