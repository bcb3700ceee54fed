package com.scamscan.gateway.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.testing.redis.RedisFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The paths orchestrators check (infra's target groups and container health checks, Kubernetes probes): liveness
 * stays 200 while Redis is gone, so a Redis failover does not get every gateway replaced; readiness follows Redis.
 * Micronaut's health endpoint puts every indicator not marked {@code @Liveness} in readiness, the Redis one included.
 */
class OrchestratorHealthIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void livenessIgnoresRedisAndReadinessFollowsIt() throws Exception {
        try (RedisFixture own = RedisFixture.startNew(); Gateway gateway = Gateway.start(own)) {
            Assumptions.assumeTrue(own.controllable());
            assertEquals(200, status(gateway, "/health/liveness"));
            assertEquals(200, status(gateway, "/health/readiness"));
            own.kill();
            await().until(() -> !gateway.relay().pubSubConnected());
            assertEquals(503, status(gateway, "/health/readiness"));
            assertEquals(503, status(gateway, "/health"));
            assertEquals(200, status(gateway, "/health/liveness"));
        }
    }

    private static int status(Gateway gateway, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.server.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }
}
