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
                     "scamscan.redis.uri", redis.uri(), "scamscan.agent.enabled", "false", "scamscan.redis.reconnect-delay-min", "5s",
                     "scamscan.redis.reconnect-delay-max", "10s"))) {
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
}
