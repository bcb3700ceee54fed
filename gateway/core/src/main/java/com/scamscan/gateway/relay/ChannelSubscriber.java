package com.scamscan.gateway.relay;

import java.util.concurrent.CompletionStage;

/**
 * The relay's subscriptions to task channels: classic pub/sub on one connection for a single Redis server
 * ({@link ClassicSubscriber}), sharded pub/sub on one connection per node for a Redis Cluster
 * ({@link ShardedSubscriber}). Either way a channel lost to an outage, a slot move or a failover is subscribed again
 * and announced through {@link Listener#subscribed}, for the relay to catch up from history.
 */
public interface ChannelSubscriber {

    /** What the relay hears. Called on Lettuce's event loop: return quickly. */
    interface Listener {

        void message(String channel, byte[] message);

        /** The channel's subscription was made or made again: what was published while it had none is only in history. */
        void subscribed(String channel);
    }

    /** Sets the one listener; before the first {@link #subscribe}. */
    void listen(Listener listener);

    /** Completes when the channel is subscribed; fails when Redis cannot be reached. */
    CompletionStage<Void> subscribe(String channel);

    /** Drops the channel's subscription; never fails (a lost connection drops it anyway). */
    void unsubscribe(String channel);

    /** Whether the channel's subscription is live; {@code true} for a channel nobody asked for. */
    boolean serves(String channel);

    /** Whether every connection is up and every channel subscribed. */
    boolean isOpen();

    /** Called by the sweep: subscribes again what a lost connection, slot move or failover left without a subscription. */
    void maintain();

    void close();
}
