package com.scamscan.api.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.scamscan.testing.client.Multipart;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.redis.RedisFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind a trusted proxy that appends its own {@code X-Forwarded-For} line (HAProxy {@code option forwardfor}),
 * the upload limit holds however the client fills its own line: all lines are one list, and the address is its
 * right-most untrusted entry, which the proxy wrote.
 */
class ForwardedForIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theClientsOwnForwardedLineDoesNotBuyItMoreUploads() throws Exception {
        RedisFixture redis = RedisFixture.startNew();
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "redis.uri", redis.uri(),
                "scamscan.agent.enabled", "false",
                "scamscan.security.trusted-proxies", "127.0.0.1,::1",
                "scamscan.security.rate-limit.scans-per-window", "3",
                "scamscan.security.rate-limit.window", "60s"))) {
            URI base = URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());
            byte[] png = Images.screenshot("png", "hi");
            List<Integer> statuses = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                statuses.add(upload(base, png, "203.0.113." + i, "198.51.100.7")); // a new address of its own choosing each time
            }
            assertEquals(List.of(202, 202, 202, 429, 429), statuses);
            assertEquals(202, upload(base, png, "203.0.113.1", "198.51.100.8")); // another client behind the proxy
        } finally {
            redis.close();
        }
    }

    /** One upload whose request carries two X-Forwarded-For lines: the client's, then the proxy's. */
    private static int upload(URI base, byte[] png, String clientLine, String proxyLine) throws Exception {
        Multipart body = new Multipart().file("image", "a.png", "image/png", png);
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/scan-image")).header("Content-Type", body.contentType())
                .header("X-Forwarded-For", clientLine).header("X-Forwarded-For", proxyLine)
                .POST(body.publisher()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
