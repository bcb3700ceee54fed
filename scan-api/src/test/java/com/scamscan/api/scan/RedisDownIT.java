package com.scamscan.api.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.images.Images;
import com.scamscan.testing.client.Multipart;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class RedisDownIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void redisDownGives503AndStoresNothing() throws Exception {
        try (RedisFixture redis = RedisFixture.startNew();
             ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1,
                     "redis.uri", redis.uri(), "scamscan.agent.enabled", "false", "redis.reconnect-delay-min", "5s",
                     "redis.reconnect-delay-max", "10s"))) {
            Assumptions.assumeTrue(redis.controllable(), "REDIS_URL servers cannot be stopped by tests");
            URI base = URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());
            redis.stop();

            Multipart upload = new Multipart().file("image", "a.png", "image/png", Images.screenshot("png", "hello"));
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(base.resolve("/scan-image"))
                    .header("Content-Type", upload.contentType()).POST(upload.publisher()).build(),
                    HttpResponse.BodyHandlers.ofString());
            ScanApiIT.assertProblem(post, 503, "/problems/redis-unavailable");

            String token = context.getBean(com.scamscan.security.StreamTokens.class).issue("abc");
            HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(base.resolve("/tasks/abc?token=" + token)).build(),
                    HttpResponse.BodyHandlers.ofString());
            ScanApiIT.assertProblem(get, 503, "/problems/redis-unavailable");

            redis.start();
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> check = client.connect()) {
                assertEquals(0L, check.sync().dbsize(), "nothing half-created");
                assertTrue(check.sync().keys("*").isEmpty());
            } finally {
                client.shutdown();
            }
        }
    }

    /**
     * {@code /health} pings Redis: 200 UP while it answers, 503 DOWN (component {@code redis}) once it is gone, UP again
     * after it is back; {@code /prometheus} answers the scraper without credentials throughout.
     */
    @Test
    void healthFollowsRedisAndMetricsNeedNoCredentials() throws Exception {
        try (RedisFixture redis = RedisFixture.startNew();
             ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1,
                     "redis.uri", redis.uri(), "scamscan.agent.enabled", "false", "redis.reconnect-delay-min", "50ms",
                     "redis.reconnect-delay-max", "200ms"))) {
            Assumptions.assumeTrue(redis.controllable(), "REDIS_URL servers cannot be stopped by tests");
            URI base = URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());
            HttpResponse<String> up = get(base, "/health");
            assertEquals(200, up.statusCode(), up.body());
            assertTrue(up.body().contains("\"redis\""), up.body());

            redis.stop();
            HttpResponse<String> down = get(base, "/health");
            assertEquals(503, down.statusCode(), down.body());
            assertTrue(down.body().contains("DOWN"), down.body());

            HttpResponse<String> metrics = get(base, "/prometheus");
            assertEquals(200, metrics.statusCode(), metrics.body());
            assertTrue(metrics.body().contains("# TYPE jvm_memory_used_bytes gauge"), metrics.body());

            redis.start();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> get(base, "/health").statusCode() == 200);
        }
    }

    private static HttpResponse<String> get(URI base, String path) throws java.io.IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
