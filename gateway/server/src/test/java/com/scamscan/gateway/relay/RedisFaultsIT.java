package com.scamscan.gateway.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.testing.client.TestClient;
import com.scamscan.progress.Step;
import com.scamscan.testing.redis.RedisFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each test owns its Redis, because each stops, restarts or cuts it. */
class RedisFaultsIT {

    private static final String ERROR_FRAME = "\\{\"step\":\"failed\",\"message\":\"%s\",\"error\":true,\"timestamp\":\"[^\"]+\"}";

    private RedisFixture redis;
    private Gateway gateway;

    @BeforeEach
    void ownRedis() {
        redis = RedisFixture.startNew();
        org.junit.jupiter.api.Assumptions.assumeTrue(redis.controllable(), "REDIS_URL servers cannot be stopped by tests");
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        redis.close();
    }

    @Test
    void redisDownAtConnectGivesAnErrorFrameAnd1011() {
        gateway = Gateway.start(redis, "scamscan.gateway.redis-down-timeout", "1h");
        String taskId = gateway.newTask();
        redis.stop();
        TestClient client = gateway.connect(taskId);
        assertEquals(1011, client.awaitClose());
        assertEquals(1, client.frames().size());
        assertTrue(client.frames().get(0).matches(String.format(ERROR_FRAME, "Redis unavailable, try again later")),
                client.frames().get(0));
    }

    @Test
    void redisRestartMidStreamLosesNothingThatReachedHistory() {
        gateway = Gateway.start(redis, "redis.reconnect-delay-min", "2s",
                "redis.reconnect-delay-max", "4s", "scamscan.gateway.redis-down-timeout", "1h");
        String taskId = gateway.newTask();
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        List<String> published = new ArrayList<>();
        published.add(gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10));
        client.awaitFrames(2);

        redis.restart(); // SHUTDOWN SAVE, then the same port with the same data
        // published before the gateway's pub/sub connection is back (its first reconnect waits 2 s): history only
        published.add(gateway.publish(taskId, Step.SCAM_DB, 30));
        published.add(gateway.publish(taskId, Step.EXA_SEARCH, 50));
        // with no further event to reveal the gap, only the catch-up on resubscribe can deliver these two
        client.awaitFrames(4);
        assertEquals(published, client.events());
        published.add(gateway.publish(taskId, Step.DOMAIN_REPUTATION, 65));
        published.add(gateway.complete(taskId));

        assertEquals(1000, client.awaitClose());
        assertEquals(published, client.events());
    }

    @Test
    void killedPubSubConnectionLosesNothing() {
        gateway = Gateway.start(redis, "redis.reconnect-delay-min", "1s", "redis.reconnect-delay-max", "2s");
        String taskId = gateway.newTask();
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        List<String> published = new ArrayList<>();
        published.add(gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10));

        gateway.inspect.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
        assertEquals(0, gateway.numsub(taskId));
        published.add(gateway.publish(taskId, Step.SCAM_DB, 30)); // nobody subscribed: history only
        published.add(gateway.publish(taskId, Step.EXA_SEARCH, 50));
        client.awaitFrames(4); // the catch-up on resubscribe, not a later event, brings these
        assertEquals(published, client.events());
        published.add(gateway.complete(taskId));

        assertEquals(1000, client.awaitClose());
        assertEquals(published, client.events());
    }

    @Test
    void redisDownPastTheBoundClosesClientsWith1011() {
        gateway = Gateway.start(redis, "scamscan.gateway.redis-down-timeout", "1s");
        String taskId = gateway.newTask();
        TestClient first = gateway.connect(taskId).awaitFrames(1);
        TestClient second = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.relay().connections() == 2);
        redis.kill();
        assertEquals(1011, first.awaitClose());
        assertEquals(1011, second.awaitClose());
        String last = first.frames().get(first.frames().size() - 1);
        assertTrue(last.matches(String.format(ERROR_FRAME, "Redis unavailable, reconnect later")), last);
        assertEquals(0, gateway.relay().connections());
        assertEquals(0, gateway.relay().subscriptionCount());
    }
}
