package com.scamscan.gateway.relay;

import com.scamscan.redis.RedisConnections;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classic pub/sub on one connection (a single Redis server). Lettuce reconnects it and subscribes every channel again
 * by itself, and each resubscription reaches the listener. Subscribes and unsubscribes asked for within one event-loop
 * tick go out together, one command for many channels ({@link #flush}).
 */
final class ClassicSubscriber implements ChannelSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(ClassicSubscriber.class);

    /** Channel names as text, messages as the bytes published: they go out to clients without a decode. */
    private final StatefulRedisPubSubConnection<String, byte[]> pubsub;
    /** Subscribes and unsubscribes not sent yet, in the order asked; guards itself and the two fields below. */
    private final List<Change> pending = new ArrayList<>();
    /** Channels whose last change asked for is a subscribe. */
    private final Set<String> wanted = new HashSet<>();
    /**
     * Channels with an unsubscribe sent or queued and not yet confirmed: true once a subscribe of the same channel was
     * confirmed meanwhile. Two flushes run on different threads can reach Redis in either order (and a command written
     * on the connection's own event loop goes ahead of those other threads queued), so a rejoin's SUBSCRIBE can be
     * overtaken by the UNSUBSCRIBE of the leave before it; its confirmation then comes last, and the channel is
     * subscribed again ({@link #unsubscribed}).
     */
    private final Map<String, Boolean> leaving = new HashMap<>();
    /**
     * Runs in every flush between taking the queued changes and sending them: nothing here; a test holds one flush
     * there to let another overtake it, the race {@link #unsubscribed} repairs, which no timing makes reliably.
     */
    volatile Runnable beforeSend = () -> { };

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
                synchronized (pending) {
                    leaving.computeIfPresent(channel, (name, overtaken) -> true);
                }
                listener.subscribed(channel);
            }

            @Override
            public void unsubscribed(String channel, long count) {
                ClassicSubscriber.this.unsubscribed(channel);
            }
        });
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(new Change(true, channel, done));
        return done;
    }

    @Override
    public void unsubscribe(String channel) {
        enqueue(new Change(false, channel, null));
    }

    /**
     * Queues a change for the next {@link #flush}: at the end of the current event-loop tick when called on one
     * (Lettuce completes the admissions of every reply it read in one go on its event loop, so the handshakes
     * arriving together become one {@code SUBSCRIBE} with many channels), at once otherwise.
     */
    private void enqueue(Change change) {
        boolean first;
        synchronized (pending) {
            first = pending.isEmpty();
            pending.add(change);
            if (change.subscribe()) {
                wanted.add(change.channel());
            } else {
                wanted.remove(change.channel());
                leaving.put(change.channel(), false);
            }
        }
        if (!first) {
            return; // a flush is due and will send it
        }
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null) {
            flush();
            return;
        }
        try {
            loop.execute(this::flush);
        } catch (RuntimeException shuttingDown) {
            flush();
        }
    }

    /**
     * Sends the queued changes in their order, each run of subscribes (or unsubscribes) as one command: a channel
     * left and joined again within one tick is unsubscribed, then subscribed, as asked. Redis runs a
     * {@code SUBSCRIBE} whole before it answers, so its first confirmation means every channel in it is subscribed:
     * each joiner's history read still follows its subscription.
     */
    private void flush() {
        List<Change> changes;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            changes = new ArrayList<>(pending);
            pending.clear();
        }
        beforeSend.run();
        int from = 0;
        while (from < changes.size()) {
            boolean subscribing = changes.get(from).subscribe();
            int to = from;
            Set<String> channels = new LinkedHashSet<>();
            while (to < changes.size() && changes.get(to).subscribe() == subscribing) {
                channels.add(changes.get(to).channel());
                to++;
            }
            List<Change> run = changes.subList(from, to);
            String[] names = channels.toArray(String[]::new);
            if (subscribing) {
                send(run, names);
            } else {
                try {
                    pubsub.async().unsubscribe(names).exceptionally(e -> {
                        // Redis is down: Lettuce resubscribes on reconnect and the relay unsubscribes again then
                        LOG.debug("unsubscribing {} channel(s) failed: {}", names.length, e.toString());
                        unconfirmed(names);
                        return null;
                    });
                } catch (RuntimeException e) {
                    LOG.debug("unsubscribing {} channel(s) failed: {}", names.length, e.toString());
                    unconfirmed(names);
                }
            }
            from = to;
        }
    }

    private void send(List<Change> run, String[] channels) {
        CompletionStage<Void> subscribed;
        try {
            subscribed = pubsub.async().subscribe(channels);
        } catch (RuntimeException e) {
            subscribed = CompletableFuture.failedFuture(e);
        }
        subscribed.whenComplete((ok, failure) -> {
            for (Change change : run) {
                if (failure == null) {
                    change.done().complete(null);
                } else {
                    change.done().completeExceptionally(failure);
                }
            }
        });
    }

    /**
     * Redis confirmed an unsubscribe. When a subscribe of the same channel was confirmed after that unsubscribe was
     * asked for and the channel is still wanted, the unsubscribe overtook it: Redis no longer sends the channel although
     * its streams count on it. It is subscribed again; the confirmation makes them catch up from history
     * ({@link Listener#subscribed}), so nothing published meanwhile is lost.
     */
    private void unsubscribed(String channel) {
        boolean again;
        synchronized (pending) {
            again = Boolean.TRUE.equals(leaving.remove(channel)) && wanted.contains(channel);
        }
        if (again) {
            LOG.debug("an unsubscribe overtook a later subscribe of one channel: subscribing it again");
            enqueue(new Change(true, channel, new CompletableFuture<>()));
        }
    }

    /** Unsubscribes that failed: no confirmation will come for them. */
    private void unconfirmed(String[] channels) {
        synchronized (pending) {
            for (String channel : channels) {
                leaving.remove(channel);
            }
        }
    }

    /** A subscribe ({@code done} completes once it is made) or an unsubscribe ({@code done} null). */
    private record Change(boolean subscribe, String channel, CompletableFuture<Void> done) {
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
