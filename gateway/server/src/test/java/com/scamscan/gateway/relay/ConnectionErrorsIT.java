package com.scamscan.gateway.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.testing.client.TestClient;
import com.scamscan.progress.Step;
import com.scamscan.task.TaskId;
import com.scamscan.testing.redis.RedisFixture;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConnectionErrorsIT {

    private static final String ERROR_FRAME = "\\{\"step\":\"failed\",\"message\":\"%s\",\"error\":true,\"timestamp\":\"[^\"]+\"}";

    private static Gateway gateway;

    @BeforeAll
    static void start() {
        gateway = Gateway.start(RedisFixture.shared(), "scamscan.gateway.max-client-frame-bytes", "64");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void malformedTaskIdGetsAnErrorFrameAndPolicyViolation() {
        TestClient client = TestClient.connect(URI.create("ws://localhost:" + gateway.server.getPort()
                + "/ws/agent-progress/" + "x".repeat(65)));
        assertEquals(1008, client.awaitClose());
        assertOneErrorFrame(client, "Malformed task id: it must be 1-64 characters of \\[A-Za-z0-9_-\\]");

        TestClient dotted = TestClient.connect(URI.create("ws://localhost:" + gateway.server.getPort()
                + "/ws/agent-progress/a.b"));
        assertEquals(1008, dotted.awaitClose());
    }

    @Test
    void malformedLastSeqGetsAnErrorFrameAndPolicyViolation() {
        String taskId = gateway.newTask();
        TestClient client = TestClient.connect(URI.create(gateway.uri(taskId) + "&last_seq=-1"));
        assertEquals(1008, client.awaitClose());
        assertOneErrorFrame(client, "Malformed last_seq: it must be a non-negative integer");
    }

    @Test
    void unknownTaskGetsAnErrorFrameAndClose4404() {
        String taskId = TaskId.random();
        TestClient client = gateway.connect(taskId);
        assertEquals(4404, client.awaitClose());
        assertOneErrorFrame(client, "Unknown task: " + taskId);
        assertEquals(0, gateway.numsub(taskId));
    }

    @Test
    void aTaskRecordThatCannotBeReadIsRefusedWithItsOwnCodeNotAsRedisDown() {
        String taskId = TaskId.random();
        gateway.inspect.sync().hset(gateway.context.getBean(com.scamscan.redis.RedisNames.class).task(taskId), java.util.Map.of("status", "running", "seq", "three"));
        TestClient client = gateway.connect(taskId);
        assertEquals(4422, client.awaitClose());
        assertOneErrorFrame(client, "This task's stored record cannot be read");
        assertEquals(0, gateway.numsub(taskId));
        await().until(() -> gateway.relay().connections() == 0);
    }

    @Test
    void aTaskRecordAnotherSystemWroteWithoutOurFormatsIsStreamed() {
        String taskId = TaskId.random();
        gateway.inspect.sync().hset(gateway.context.getBean(com.scamscan.redis.RedisNames.class).task(taskId), java.util.Map.of("status", "working", "percent", "12.5",
                "seq", "0", "created_at", "2026-11-25T10:00:00Z"));
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        String done = gateway.complete(taskId);
        assertEquals(1000, client.awaitClose());
        assertEquals(List.of(done), client.events());
    }

    @Test
    void smallClientFramesAreIgnored() {
        String taskId = gateway.newTask();
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        client.send("hello");
        String event = gateway.publish(taskId, Step.SCAM_DB, 30);
        client.awaitFrames(2);
        assertEquals(List.of(event), client.events());
        client.close();
    }

    @Test
    void clientFrameOverTheLimitClosesWithPolicyViolationAndFreesTheSubscription() {
        String taskId = gateway.newTask();
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        client.send("x".repeat(65));
        assertEquals(1008, client.awaitClose());
        assertTrue(client.frames().get(client.frames().size() - 1)
                .matches(String.format(ERROR_FRAME, "Client frames are not part of the protocol")));
        await().until(() -> gateway.numsub(taskId) == 0);
    }

    private static void assertOneErrorFrame(TestClient client, String messagePattern) {
        assertEquals(1, client.frames().size(), client.frames().toString());
        assertTrue(client.frames().get(0).matches(String.format(ERROR_FRAME, messagePattern)), client.frames().get(0));
    }
}
