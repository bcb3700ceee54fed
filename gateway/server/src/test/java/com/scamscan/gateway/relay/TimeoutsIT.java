package com.scamscan.gateway.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.testing.time.MutableClock;
import com.scamscan.gateway.testing.RawClient;
import com.scamscan.testing.client.TestClient;
import com.scamscan.progress.Step;
import com.scamscan.testing.redis.RedisFixture;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutsIT {

    private Gateway gateway;

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void heartbeatFramesArriveEveryInterval() {
        gateway = Gateway.start(RedisFixture.shared(), "scamscan.gateway.heartbeat-interval", "100ms");
        String taskId = gateway.newTask();
        TestClient client = gateway.connect(taskId);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.frames().stream()
                .filter(f -> f.matches("\\{\"heartbeat\":true,\"timestamp\":\"[^\"]+Z\"}")).count() >= 3);
        assertTrue(client.events().isEmpty(), "heartbeats are not events");
        client.close();
    }

    @Test
    void noProgressForTheTimeoutSendsAnErrorFrameAndClose4408() {
        MutableClock clock = new MutableClock();
        gateway = Gateway.start(RedisFixture.shared(), clock, "scamscan.gateway.no-progress-timeout", "60s",
                "scamscan.gateway.client-timeout", "1h", "scamscan.gateway.budget.lease-ttl", "1h"); // within the lease, as required
        String taskId = gateway.newTask();
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);

        clock.advance(Duration.ofSeconds(59));
        gateway.publish(taskId, Step.SCAM_DB, 30); // progress restarts the timer
        client.awaitFrames(2);
        clock.advance(Duration.ofSeconds(59));
        gateway.publish(taskId, Step.EXA_SEARCH, 50);
        client.awaitFrames(3);
        assertTrue(!client.isClosed(), "progress within each 60 s keeps the stream open");

        clock.advance(Duration.ofSeconds(60));
        assertEquals(4408, client.awaitClose());
        String last = client.frames().get(client.frames().size() - 1);
        assertTrue(last.matches("\\{\"step\":\"failed\",\"message\":\"No progress for 60 s: task presumed failed\","
                + "\"error\":true,\"timestamp\":\"[^\"]+\"}"), last);
        await().until(() -> gateway.numsub(taskId) == 0 && gateway.relay().connections() == 0);
    }

    @Test
    void clientDroppedWithoutACloseFrameIsDetached() {
        gateway = Gateway.start(RedisFixture.shared());
        String taskId = gateway.newTask();
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        client.abort();
        await().until(() -> gateway.relay().connections() == 0);
        await().until(() -> gateway.numsub(taskId) == 0);
    }

    @Test
    void clientThatStopsAnsweringPingsIsDropped() throws Exception {
        MutableClock clock = new MutableClock();
        gateway = Gateway.start(RedisFixture.shared(), clock,
                "scamscan.gateway.client-timeout", "45s", "scamscan.gateway.heartbeat-interval", "100ms");
        String taskId = gateway.newTask();
        try (RawClient silent = RawClient.connect(gateway.server.getPort(), "/ws/agent-progress/" + taskId + "?token=" + gateway.token(taskId))) {
            await().until(() -> gateway.numsub(taskId) == 1);
            silent.awaitBytes(1); // pings are arriving, and this client answers none
            clock.advance(Duration.ofSeconds(44));
            TestClient healthy = gateway.connect(taskId).awaitFrames(1);
            assertEquals(2, gateway.relay().connections());

            clock.advance(Duration.ofSeconds(2));
            await().until(() -> gateway.relay().connections() == 1);
            assertTrue(!healthy.isClosed(), "a client that answers pings stays");
            clock.advance(Duration.ofSeconds(44));
            healthy.awaitFrames(2); // a heartbeat after the clock moved
            assertEquals(1, gateway.numsub(taskId));
            healthy.close();
            await().until(() -> gateway.numsub(taskId) == 0);
        }
    }

    @Test
    void anEventLargerThanTheAllowanceReachesAReaderThatIsKeepingUp() {
        gateway = Gateway.start(RedisFixture.shared(), "scamscan.gateway.max-pending-bytes", "65536");
        String taskId = gateway.newTask();
        TestClient reader = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.relay().connections() == 1);
        // another system's publisher is not bound by ours: one 300 KiB event on the channel
        String huge = "{\"seq\":1,\"step\":\"scam_db\",\"tool\":\"scam_db\",\"message\":\"" + "x".repeat(300 * 1024)
                + "\",\"percent\":30,\"timestamp\":\"2026-11-27T10:00:00.000Z\"}";
        gateway.publishRaw(taskId, huge);
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.events().size() == 1);
        assertTrue(reader.events().get(0).length() > 300 * 1024, "the whole event arrived");
        gateway.publishRaw(taskId, "{\"seq\":2,\"step\":\"domain_reputation\",\"tool\":\"domain_reputation\","
                + "\"message\":\"next\",\"percent\":60,\"timestamp\":\"2026-11-27T10:00:01.000Z\"}");
        await().until(() -> reader.events().size() == 2);
        assertTrue(!reader.isClosed(), "a reader that keeps up is not dropped for one large event");
    }

    @Test
    void slowReaderIsDroppedWithoutDelayingOthers() throws Exception {
        gateway = Gateway.start(RedisFixture.shared(), "scamscan.gateway.max-pending-bytes", "2097152",
                "scamscan.progress.history-length", "5000");
        String taskId = gateway.newTask();
        try (RawClient stuck = RawClient.connect(gateway.server.getPort(), "/ws/agent-progress/" + taskId + "?token=" + gateway.token(taskId))) {
            TestClient reader = gateway.connect(taskId).awaitFrames(1);
            await().until(() -> gateway.relay().connections() == 2);
            String big = "x".repeat(32 * 1024);
            int events = 400; // ~13 MB: more than the socket buffers between the gateway and the stuck client hold
            for (int i = 0; i < events; i++) {
                gateway.publisher().publish(taskId, com.scamscan.progress.ProgressEvent.progress(Step.SCAM_DB,
                        "scam_db", big, 30, java.time.Instant.now())).toCompletableFuture().join();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> reader.events().size() == events);
            await().until(() -> gateway.relay().connections() == 1);
            assertTrue(!reader.isClosed());
            assertTrue(stuck.closedByServer(), "the stuck client's connection was closed");
        }
    }

    @Test
    void aResumeThatReplaysMoreThanTheAllowanceIsPacedToTheReaderNotClosed() {
        gateway = Gateway.start(RedisFixture.shared(), "scamscan.gateway.max-pending-bytes", "65536");
        String taskId = gateway.newTask();
        String message = "y".repeat(16 * 1024);
        int events = 60; // ~1 MB of history: fifteen times what a reader may lag live
        for (int i = 0; i < events; i++) {
            gateway.publisher().publish(taskId, com.scamscan.progress.ProgressEvent.progress(Step.SCAM_DB,
                    "scam_db", message, 30, java.time.Instant.now())).toCompletableFuture().join();
        }
        TestClient late = gateway.connect(taskId);
        await().atMost(Duration.ofSeconds(20)).until(() -> late.events().size() == events || late.isClosed());
        assertEquals(events, late.events().size(), "the whole history arrived");
        String done = gateway.complete(taskId);
        assertEquals(1000, late.awaitClose());
        assertEquals(done, late.events().get(events));
    }

    @Test
    void aReaderThatStoppedReadingLearns4008WhenItReadsAgainWithinTheGrace() throws Exception {
        // an allowance large enough that the gateway gives up only once the socket buffers are full as well: then
        // the close frame can only reach the client behind what the gateway still holds
        gateway = Gateway.start(RedisFixture.shared(), "scamscan.gateway.max-pending-bytes", "1048576",
                "scamscan.gateway.slow-close-grace", "60s", "scamscan.progress.history-length", "5000");
        String taskId = gateway.newTask();
        try (RawClient stalled = RawClient.connect(gateway.server.getPort(), "/ws/agent-progress/" + taskId + "?token=" + gateway.token(taskId))) {
            await().until(() -> gateway.relay().connections() == 1);
            String big = "x".repeat(32 * 1024);
            // live events until the gateway gives up on the reader (its socket buffers fill first)
            for (int i = 0; i < 1000 && gateway.relay().connections() == 1; i++) {
                gateway.publisher().publish(taskId, com.scamscan.progress.ProgressEvent.progress(Step.SCAM_DB,
                        "scam_db", big, 30, java.time.Instant.now())).toCompletableFuture().join();
            }
            await().until(() -> gateway.relay().connections() == 0);
            assertEquals(4008, stalled.awaitCloseCode(), "the close frame waited behind what was queued");
        }
    }

    @Test
    void aTokenThatExpiresDuringAStreamDoesNotCutIt() {
        MutableClock clock = new MutableClock();
        gateway = Gateway.start(RedisFixture.shared(), clock, "scamscan.security.stream-token.ttl", "1m",
                "scamscan.gateway.no-progress-timeout", "1h", "scamscan.gateway.client-timeout", "1h",
                "scamscan.gateway.budget.lease-ttl", "1h");
        String taskId = gateway.newTask();
        String token = gateway.token(taskId);
        TestClient client = TestClient.connect(java.net.URI.create(gateway.uriWithoutToken(taskId) + "?token=" + token)).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        clock.advance(Duration.ofMinutes(5)); // the token the client connected with is no longer valid
        assertEquals(com.scamscan.security.StreamTokens.Verdict.EXPIRED,
                gateway.context.getBean(com.scamscan.security.StreamTokens.class).verify(taskId, token));
        String done = gateway.complete(taskId);
        assertEquals(1000, client.awaitClose());
        assertEquals(java.util.List.of(done), client.events());
    }
}
