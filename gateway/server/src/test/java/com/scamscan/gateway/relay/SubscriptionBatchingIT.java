package com.scamscan.gateway.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.testing.redis.RedisFixture;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Subscribes and unsubscribes asked for within one event-loop tick (as Lettuce completes the admissions of every
 * reply it read at once) go out as one command on a single Redis. Not on a cluster: {@code SSUBSCRIBE} takes the
 * channels of one slot only, so there each task's channel is its own command.
 */
class SubscriptionBatchingIT {

    private RedisFixture redis;
    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void subscribesAskedForInOneEventLoopTickGoOutAsOneCommand() throws Exception {
        redis = RedisFixture.startNew();
        gateway = Gateway.start(redis);
        ChannelSubscriber subscriber = gateway.context.getBean(ChannelSubscriber.class);
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            channels.add("batch-test:" + i); // not a progress channel: the relay ignores it
        }
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            Map<String, Long> before = Map.of("subscribe", calls("subscribe"));
            List<CompletableFuture<Void>> subscribed = loop.submit(() -> channels.stream()
                    .map(c -> subscriber.subscribe(c).toCompletableFuture()).toList()).get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertEquals(1, calls("subscribe") - before.getOrDefault("subscribe", 0L));
            for (String channel : channels) {
                assertEquals(1, gateway.inspect.sync().pubsubNumsub(channel).get(channel), channel);
            }

            // leaving and joining again within one tick: unsubscribed, then subscribed, in that order
            Map<String, Long> again = Map.of("subscribe", calls("subscribe"), "unsubscribe", calls("unsubscribe"));
            loop.submit(() -> {
                channels.forEach(subscriber::unsubscribe);
                subscriber.subscribe(channels.get(0));
            }).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.inspect.sync().pubsubNumsub(channels.get(1)).get(channels.get(1)) == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> calls("subscribe") - again.getOrDefault("subscribe", 0L) == 1);
            assertEquals(1, calls("unsubscribe") - again.getOrDefault("unsubscribe", 0L));
            assertEquals(1, gateway.inspect.sync().pubsubNumsub(channels.get(0)).get(channels.get(0)));
            subscriber.unsubscribe(channels.get(0));
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * Two flushes on different threads reach Redis in either order: the last client of a channel leaves on one event
     * loop, whose flush has taken the UNSUBSCRIBE but not sent it yet, and a client joins the same channel from
     * another thread, whose SUBSCRIBE goes out (and is confirmed) first. The channel must end subscribed: it is
     * subscribed again when the overtaking unsubscribe is confirmed (without that, Redis stopped sending it while the
     * relay counted on it, and the joined client heard nothing more). The leaving flush is held at its one seam.
     */
    @Test
    void anUnsubscribeThatOvertookALaterSubscribeIsRepaired() throws Exception {
        redis = RedisFixture.startNew();
        gateway = Gateway.start(redis);
        ClassicSubscriber subscriber = (ClassicSubscriber) gateway.context.getBean(ChannelSubscriber.class);
        String channel = "batch-test:joined";
        subscriber.subscribe(channel).toCompletableFuture().get(10, TimeUnit.SECONDS);
        DefaultEventLoop loop = new DefaultEventLoop();
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Thread leaving = loop.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
            subscriber.beforeSend = () -> {
                if (Thread.currentThread() == leaving) {
                    taken.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            loop.execute(() -> subscriber.unsubscribe(channel)); // the channel's last client leaves
            assertTrue(taken.await(10, TimeUnit.SECONDS), "the leaving flush took the UNSUBSCRIBE");
            subscriber.subscribe(channel).toCompletableFuture().get(10, TimeUnit.SECONDS); // a client joins: sent and confirmed first
            long unsubscribes = calls("unsubscribe");
            release.countDown(); // now the UNSUBSCRIBE reaches Redis
            await().atMost(Duration.ofSeconds(10)).until(() -> calls("unsubscribe") > unsubscribes);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertEquals(1, gateway.inspect.sync().pubsubNumsub(channel).get(channel), "the joined channel is subscribed"));
        } finally {
            release.countDown();
            subscriber.beforeSend = () -> { };
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** How often Redis ran a command ({@code INFO commandstats}). */
    private long calls(String command) {
        for (String line : gateway.inspect.sync().info("commandstats").lines().toList()) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                int at = line.indexOf("calls=") + "calls=".length();
                return Long.parseLong(line.substring(at, line.indexOf(',', at)));
            }
        }
        return 0;
    }
}
