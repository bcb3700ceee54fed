package com.scamscan.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.redis.RedisFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * scan-api's health for orchestrators: liveness answers 200 whatever Redis does, readiness follows Redis, and the
 * components' details go only to the callers configured to see them (here: the key; callers on this host are turned
 * off, since the test's own requests come from there).
 */
class HealthDetailsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void livenessIgnoresRedisReadinessFollowsItAndDetailsNeedTheKey() throws Exception {
        try (RedisFixture redis = RedisFixture.startNew();
             ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1,
                     "redis.uri", redis.uri(), "scamscan.agent.enabled", "false",
                     "redis.reconnect-delay-min", "50ms", "redis.reconnect-delay-max", "200ms",
                     "scamscan.health.details-from-loopback", "false", "scamscan.health.details-key", "monitoring-key"))) {
            Assumptions.assumeTrue(redis.controllable(), "REDIS_URL servers cannot be stopped by tests");
            URI base = URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());

            HttpResponse<String> anonymous = get(base, "/health", null);
            assertEquals(200, anonymous.statusCode());
            assertEquals("{\"status\":\"UP\"}", anonymous.body(), "the status alone");
            HttpResponse<String> monitoring = get(base, "/health", "monitoring-key");
            assertTrue(monitoring.body().contains("\"redis\"") && monitoring.body().contains("\"details\""), monitoring.body());
            assertFalse(get(base, "/health", "wrong-key").body().contains("\"redis\""));
            assertFalse(get(base, "/health/readiness", null).body().contains("\"redis\""));
            assertTrue(get(base, "/health/readiness", "monitoring-key").body().contains("\"redis\""));

            redis.stop();
            await().atMost(Duration.ofSeconds(20)).until(() -> get(base, "/health/readiness", null).statusCode() == 503);
            HttpResponse<String> readiness = get(base, "/health/readiness", null);
            assertEquals("{\"status\":\"DOWN\"}", readiness.body(), "down, and still no details");
            assertEquals(200, get(base, "/health/liveness", null).statusCode(), "alive while Redis is down");

            redis.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> get(base, "/health/readiness", null).statusCode() == 200);
        }
    }

    private static HttpResponse<String> get(URI base, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (key != null) {
            request.header(HealthDetails.HEADER, key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
