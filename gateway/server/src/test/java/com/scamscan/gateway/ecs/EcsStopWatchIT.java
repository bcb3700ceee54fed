package com.scamscan.gateway.ecs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.server.ecs.EcsStopWatch;
import com.scamscan.gateway.testing.Gateway;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.redis.RedisFixture;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * On ECS the gateway drains when the task metadata says ECS is stopping it, long before SIGTERM: a local stand-in of
 * the metadata endpoint (v4, {@code GET {base}/task}) answers RUNNING, then STOPPED; the gateway then refuses new
 * clients and closes its client with an error frame and 1001, while the process goes on (SIGTERM comes later).
 * Without the address (anywhere but ECS) there is no watch at all.
 */
class EcsStopWatchIT {

    @Test
    void aTaskEcsIsStoppingDrainsBeforeAnySignal() throws IOException {
        AtomicReference<String> desired = new AtomicReference<>("RUNNING");
        AtomicInteger reads = new AtomicInteger();
        HttpServer metadata = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        metadata.createContext("/v4/abc/task", exchange -> {
            reads.incrementAndGet();
            byte[] body = ("{\"Cluster\":\"c\",\"TaskARN\":\"arn\",\"DesiredStatus\":\"" + desired.get()
                    + "\",\"KnownStatus\":\"RUNNING\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        metadata.start();
        try (Gateway gateway = Gateway.start(RedisFixture.shared(),
                EcsStopWatch.METADATA_URI, "http://127.0.0.1:" + metadata.getAddress().getPort() + "/v4/abc",
                "scamscan.gateway.ecs.poll-interval", "100ms", "scamscan.gateway.drain-timeout", "1s")) {
            String taskId = gateway.newTask();
            TestClient client = gateway.connect(taskId).awaitFrames(1);
            await().until(() -> reads.get() >= 2);
            assertFalse(gateway.relay().draining(), "RUNNING: nothing happens");

            desired.set("STOPPED");
            assertEquals(1001, client.awaitClose());
            assertTrue(client.frames().get(client.frames().size() - 1).contains("shutting down"), client.frames().toString());
            assertTrue(gateway.relay().draining());
            TestClient late = gateway.connect(taskId);
            assertEquals(1013, late.awaitClose(), "a new client while draining");
        } finally {
            metadata.stop(0);
        }
    }

    @Test
    void withoutTheMetadataAddressThereIsNoWatch() {
        try (Gateway gateway = Gateway.start(RedisFixture.shared())) {
            assertTrue(gateway.context.findBean(EcsStopWatch.class).isEmpty());
        }
    }
}
