package com.scamscan.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.process.AppProcess;
import com.scamscan.testing.redis.RedisFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * An app started while Redis is unreachable (a failover, a Redis still being created) waits for it with
 * {@code redis.startup-wait} instead of exiting, so that an orchestrator does not restart it over and over;
 * without the setting it still fails at once, as before. Real processes: the packaged gateway and a real
 * redis-server, stopped and started again on its port.
 */
class RedisStartupWaitIT {

    @Test
    void aGatewayStartedWithoutRedisWaitsAndServesOnceRedisIsBack() throws Exception {
        try (RedisFixture redis = RedisFixture.startNew()) {
            Assumptions.assumeTrue(redis.controllable());
            redis.stop();
            CompletableFuture<AppProcess> starting;
            // the port answers but is no Redis: the gateway's first attempts fail, as they would against a node in failover
            try (ServerSocket impostor = new ServerSocket(redis.port(), 50, InetAddress.getByName(redis.host()))) {
                starting = CompletableFuture.supplyAsync(() -> AppProcess.start("gateway", Map.of(
                        "redis.uri", redis.uri(),
                        "redis.startup-wait", "45s")));
                try (Socket attempt = impostor.accept()) {
                    assertTrue(attempt.isConnected(), "the gateway tried Redis");
                }
            }
            redis.start();
            try (AppProcess gateway = starting.get(60, TimeUnit.SECONDS)) {
                assertEquals(200, Http.status(gateway.http("/health/readiness")));
            }
        }
    }

    @Test
    void withoutAStartupWaitAGatewayWithoutRedisStillFailsToStart() throws IOException {
        try (RedisFixture redis = RedisFixture.startNew()) {
            Assumptions.assumeTrue(redis.controllable());
            redis.stop();
            IllegalStateException exited = assertThrows(IllegalStateException.class,
                    () -> AppProcess.start("gateway", Map.of("redis.uri", redis.uri())));
            assertTrue(exited.getMessage().contains("gateway exited"), exited.getMessage());
        }
    }

    /** Plain HTTP status look-ups. */
    static final class Http {
        private static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newHttpClient();

        static int status(java.net.URI uri) throws IOException, InterruptedException {
            return CLIENT.send(java.net.http.HttpRequest.newBuilder(uri).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
