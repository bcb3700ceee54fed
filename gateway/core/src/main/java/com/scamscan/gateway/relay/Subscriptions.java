package com.scamscan.gateway.relay;

import com.scamscan.redis.RedisNames;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task channels this instance is subscribed to, counted by reference: the first local client of a task
 * subscribes its channel, the last one to leave unsubscribes it. An event arrives once, as bytes, is parsed once and
 * is offered to every client stream of the task; a channel subscribed again (after a lost connection, a slot move or
 * a failover) has each of its streams catch up from history.
 *
 * <p>Guarded by {@code tasks}; the lock is never held while a stream is called: the streams of a task are an array
 * replaced on every join and leave (rare), so that an event (frequent) walks a snapshot without copying.
 */
@Singleton
final class Subscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

    private final ChannelSubscriber pubsub;
    private final RedisNames names;
    private final RelayMetrics metrics;
    /** Local streams per task; the key set is the set of subscribed channels. */
    private final Map<String, TaskStreams> tasks = new HashMap<>();

    Subscriptions(ChannelSubscriber pubsub, RedisNames names, RelayMetrics metrics) {
        this.pubsub = pubsub;
        this.names = names;
        this.metrics = metrics;
        pubsub.listen(new ChannelSubscriber.Listener() {
            @Override
            public void message(String channel, byte[] message) {
                onMessage(channel, message);
            }

            @Override
            public void subscribed(String channel) {
                onSubscribed(channel);
            }
        });
    }

    /** Adds a stream to its task's; completes when the channel is subscribed (at once when it already was). */
    CompletionStage<Void> join(ClientStream stream) {
        synchronized (tasks) {
            TaskStreams task = tasks.computeIfAbsent(stream.taskId, id -> new TaskStreams());
            task.add(stream);
            if (task.subscribed == null || task.subscribed.isCompletedExceptionally()) {
                task.subscribed = pubsub.subscribe(names.progressChannel(stream.taskId)).toCompletableFuture();
            }
            return task.subscribed;
        }
    }

    /** Removes a stream (once it has joined; otherwise nothing); the task's last one unsubscribes its channel. */
    void leave(ClientStream stream) {
        synchronized (tasks) {
            TaskStreams task = tasks.get(stream.taskId);
            if (task != null && task.remove(stream) && task.isEmpty()) {
                tasks.remove(stream.taskId);
                unsubscribe(stream.taskId);
            }
        }
    }

    /** Task channels subscribed. */
    int count() {
        synchronized (tasks) {
            return tasks.size();
        }
    }

    /** Whether the task's channel subscription is live (true for a task nobody follows). */
    boolean serves(String taskId) {
        return pubsub.serves(names.progressChannel(taskId));
    }

    /** Subscribes again what a lost connection, slot move or failover left without a subscription. */
    void maintain() {
        pubsub.maintain();
    }

    /** Whether the shared pub/sub connection is up. */
    boolean connected() {
        return pubsub.isOpen();
    }

    private void unsubscribe(String taskId) {
        pubsub.unsubscribe(names.progressChannel(taskId)); // if Redis is down, onSubscribed unsubscribes again later
    }

    private void onSubscribed(String channel) {
        Optional<String> taskId = names.taskIdOfChannel(channel);
        if (taskId.isEmpty()) {
            return;
        }
        ClientStream[] current;
        synchronized (tasks) {
            TaskStreams task = tasks.get(taskId.get());
            if (task == null) {
                unsubscribe(taskId.get()); // resubscribed after a reconnect, but nobody follows it any more
                return;
            }
            current = task.streams;
        }
        for (ClientStream stream : current) {
            stream.catchUp(); // a resubscription: whatever was published while disconnected is only in history
        }
    }

    private void onMessage(String channel, byte[] message) {
        Optional<String> taskId = names.taskIdOfChannel(channel);
        if (taskId.isEmpty()) {
            return;
        }
        metrics.received();
        Optional<RelayEvent> parsed = RelayEvent.parse(message);
        if (parsed.isEmpty()) {
            metrics.malformed();
            LOG.warn("task {}: dropped malformed event from {} ({} bytes): {}", taskId.get(), channel, message.length,
                    ProgressRelay.abbreviate(new String(message, 0, Math.min(message.length, 200), StandardCharsets.UTF_8)));
            return;
        }
        ClientStream[] current;
        synchronized (tasks) {
            TaskStreams task = tasks.get(taskId.get());
            if (task == null) {
                return;
            }
            current = task.streams; // replaced, never changed in place: safe to walk outside the lock
        }
        RelayEvent event = parsed.get();
        for (ClientStream stream : current) {
            stream.offer(event);
        }
    }

    /** The local streams of one task and the state of its channel subscription. Guarded by {@code tasks}. */
    private static final class TaskStreams {
        ClientStream[] streams = new ClientStream[0];
        CompletableFuture<Void> subscribed;

        void add(ClientStream stream) {
            streams = Arrays.copyOf(streams, streams.length + 1);
            streams[streams.length - 1] = stream;
        }

        boolean remove(ClientStream stream) {
            for (int i = 0; i < streams.length; i++) {
                if (streams[i] == stream) {
                    ClientStream[] fewer = new ClientStream[streams.length - 1];
                    System.arraycopy(streams, 0, fewer, 0, i);
                    System.arraycopy(streams, i + 1, fewer, i, streams.length - i - 1);
                    streams = fewer;
                    return true;
                }
            }
            return false;
        }

        boolean isEmpty() {
            return streams.length == 0;
        }
    }
}
