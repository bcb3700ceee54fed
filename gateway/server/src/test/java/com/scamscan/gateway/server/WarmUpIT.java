package com.scamscan.gateway.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.scamscan.gateway.server.warmup.WarmUp;
import com.scamscan.gateway.server.warmup.WarmUpHold;
import com.scamscan.gateway.testing.Gateway;
import com.scamscan.redis.RedisNames;
import com.scamscan.testing.redis.RedisFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The gateway's warm-up at start, on a Redis of its own (so that every key in it is accounted for): the gateway is
 * not healthy while it warms up, its streams get every event, and it leaves nothing behind.
 */
class WarmUpIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(WarmUp.class);

    @BeforeEach
    void listen() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(log);
    }

    /** A hold the test lets go of. */
    private static final class Hold implements WarmUpHold {
        final CompletableFuture<Void> release = new CompletableFuture<>();

        @Override
        public CompletionStage<?> released() {
            return release;
        }
    }

    @Test
    void warmsUpBeforeItIsHealthyAndLeavesNothingBehind() throws Exception {
        Hold hold = new Hold();
        try (RedisFixture redis = RedisFixture.startNew();
             Gateway gateway = Gateway.startWith(redis, List.of(hold),
                     "scamscan.gateway.warm-up.enabled", "true",
                     "scamscan.gateway.warm-up.connections", "30",
                     "scamscan.gateway.warm-up.events", "7",
                     // 40 a window: rounds of 10, so that the limit is used and given back three times
                     "scamscan.security.rate-limit.connects-per-window", "40")) {
            WarmUp warmUp = gateway.context.getBean(WarmUp.class);
            HttpResponse<String> warming = health(gateway, "/health");
            assertEquals(503, warming.statusCode());
            assertTrue(warming.body().contains("\"warming up\""), warming.body());
            assertEquals(503, health(gateway, "/health/readiness").statusCode());
            assertEquals(503, health(gateway, "/health/liveness").statusCode(), "the load balancer's check waits too");

            hold.release.complete(null);
            await().atMost(Duration.ofSeconds(30)).until(() -> health(gateway, "/health").statusCode() == 200);
            assertEquals(200, health(gateway, "/health/liveness").statusCode());

            WarmUp.Result result = warmUp.result();
            assertNull(result.failure());
            assertEquals(30, result.streams());
            assertEquals(30, result.completed());
            assertEquals(30 * 7, result.eventsExpected());
            assertEquals(30 * 7, result.eventsReceived());
            assertTrue(health(gateway, "/health").body().contains("\"done\""));
            assertTrue(log.list.stream().noneMatch(e -> e.getLevel() == Level.WARN), () -> log.list.toString());
            assertTrue(log.list.stream().noneMatch(e -> e.getFormattedMessage().contains("token")), "no token logged");

            RedisNames names = gateway.context.getBean(RedisNames.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertEquals(0, gateway.relay().connections());
                assertEquals(0, gateway.relay().subscriptionCount());
                assertEquals(List.of(), gateway.inspect.sync().pubsubChannels());
                Map<String, String> counts = gateway.inspect.sync().hgetall(names.budgetCounts());
                assertTrue(counts.values().stream().allMatch("0"::equals), "budget slots given back: " + counts);
            });
            assertEquals(List.of(), gateway.inspect.sync().keys("task:*"));
            assertEquals(List.of(), gateway.inspect.sync().keys("agent_progress_history:*"));
            List<String> limits = gateway.inspect.sync().keys("ratelimit:*");
            assertFalse(limits.isEmpty(), "the handshakes were counted");
            for (String key : limits) {
                assertEquals("0", gateway.inspect.sync().get(key), "loopback's connect limit given back");
            }
        }
    }

    @Test
    void offDoesNothing() throws Exception {
        try (RedisFixture redis = RedisFixture.startNew();
             Gateway gateway = Gateway.start(redis, "scamscan.gateway.warm-up.enabled", "false")) {
            HttpResponse<String> health = health(gateway, "/health");
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"off\""), health.body());
            WarmUp warmUp = gateway.context.getBean(WarmUp.class);
            assertEquals(WarmUp.Phase.OFF, warmUp.phase());
            assertNull(warmUp.result());
            assertEquals(List.of(), gateway.inspect.sync().keys("task:*"));
            assertEquals(List.of(), gateway.inspect.sync().keys("ratelimit:*"));
            assertTrue(log.list.isEmpty(), () -> log.list.toString());
        }
    }

    @Test
    void aWarmUpThatCannotFinishStillEndsReady() throws Exception {
        Hold never = new Hold();
        try (RedisFixture redis = RedisFixture.startNew();
             Gateway gateway = Gateway.startWith(redis, List.of(never),
                     "scamscan.gateway.warm-up.enabled", "true",
                     "scamscan.gateway.warm-up.timeout", "300ms")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> health(gateway, "/health").statusCode() == 200);
            WarmUp.Result result = gateway.context.getBean(WarmUp.class).result();
            assertTrue(result.failure().contains("timeout"), result.failure());
            assertEquals(0, result.completed());
            List<ILoggingEvent> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
            assertEquals(1, warnings.size(), () -> log.list.toString());
            assertTrue(warnings.get(0).getFormattedMessage().contains("ready without it"), warnings.get(0).getFormattedMessage());
            assertTrue(health(gateway, "/health").body().contains("\"abandoned\""));
        }
    }

    @Test
    void aWarmUpCutShortByItsTimeoutLeavesNothingBehind() throws Exception {
        try (RedisFixture redis = RedisFixture.startNew();
             Gateway gateway = Gateway.startWith(redis, List.of(),
                     "scamscan.gateway.warm-up.enabled", "true",
                     "scamscan.gateway.warm-up.connections", "100000",
                     "scamscan.gateway.warm-up.timeout", "1s")) {
            await().atMost(Duration.ofSeconds(15)).until(() -> health(gateway, "/health").statusCode() == 200);
            WarmUp.Result result = gateway.context.getBean(WarmUp.class).result();
            assertTrue(result.failure().contains("timeout"), result.failure());
            assertTrue(result.streams() > 0 && result.streams() < 100000, "cut short: " + result.streams());
            RedisNames names = gateway.context.getBean(RedisNames.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertEquals(0, gateway.relay().connections());
                assertEquals(List.of(), gateway.inspect.sync().pubsubChannels());
                Map<String, String> counts = gateway.inspect.sync().hgetall(names.budgetCounts());
                assertTrue(counts.values().stream().allMatch("0"::equals), "budget slots given back: " + counts);
            });
            assertEquals(List.of(), gateway.inspect.sync().keys("task:*"));
            assertEquals(List.of(), gateway.inspect.sync().keys("agent_progress_history:*"));
        }
    }

    @Test
    void settingsThatCannotWorkStopTheStart() {
        try (RedisFixture redis = RedisFixture.startNew()) {
            Throwable e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> Gateway.start(redis, "scamscan.gateway.warm-up.events", "0").close());
            while (e.getCause() != null) {
                e = e.getCause();
            }
            assertEquals("scamscan.gateway.warm-up.events must be at least 1 (the completed event), was 0", e.getMessage());
        }
    }

    private static HttpResponse<String> health(Gateway gateway, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.server.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
