package com.scamscan.gateway.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.testing.client.TestClient;
import com.scamscan.progress.Step;
import com.scamscan.testing.redis.RedisFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class LifecycleIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shutdownClosesClientsWithGoingAwayAndReleasesSubscriptions() {
        Gateway gateway = Gateway.start(RedisFixture.shared());
        String taskId = gateway.newTask();
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        gateway.context.close();
        assertEquals(1001, client.awaitClose());
        await().until(() -> gateway.numsub(taskId) == 0);
        gateway.close();
    }

    @Test
    void healthReportsRedisAndPubSub() throws Exception {
        try (Gateway gateway = Gateway.start(RedisFixture.shared())) {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(base(gateway).resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
            assertTrue(health.body().contains("\"pubsub\":\"UP\""), health.body());
        }
    }

    @Test
    void healthIsDownWhenRedisIs() throws Exception {
        try (RedisFixture own = RedisFixture.startNew(); Gateway gateway = Gateway.start(own)) {
            org.junit.jupiter.api.Assumptions.assumeTrue(own.controllable());
            own.kill();
            await().until(() -> !gateway.relay().pubSubConnected());
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(base(gateway).resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode(), health.body());
        }
    }

    @Test
    void metricsCountWithoutTaskIds() throws Exception {
        try (Gateway gateway = Gateway.start(RedisFixture.shared())) {
            String taskId = gateway.newTask();
            TestClient client = gateway.connect(taskId).awaitFrames(1);
            await().until(() -> gateway.numsub(taskId) == 1);
            gateway.publish(taskId, Step.SCAM_DB, 30);
            gateway.complete(taskId);
            assertEquals(1000, client.awaitClose());
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(base(gateway).resolve("/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            String body = metrics.body();
            assertTrue(body.contains("scamscan_gateway_events_relayed_total 2.0"), body);
            assertTrue(body.contains("scamscan_gateway_closes_total{code=\"1000\"} 1.0"), body);
            assertTrue(body.contains("scamscan_gateway_connections "), body);
            assertTrue(body.contains("scamscan_gateway_subscriptions "), body);
            assertFalse(body.contains(taskId), "no meter carries a task id");
        }
    }

    private static URI base(Gateway gateway) {
        return URI.create("http://localhost:" + gateway.server.getPort());
    }
}
