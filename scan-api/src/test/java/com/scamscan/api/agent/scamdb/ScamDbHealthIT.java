package com.scamscan.api.agent.scamdb;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.redis.RedisFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The app as configured: a feed from {@code scamscan.scamdb.feeds.NAME.*} is refreshed on its interval, the sample is
 * loaded at startup, and {@code /health} shows each feed's state, staying UP while a feed fails.
 */
class ScamDbHealthIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FeedServer feed;
    private EmbeddedServer server;
    private String name;

    @BeforeEach
    void start() {
        feed = new FeedServer().serve("https://health-check-a.example.com/1\n");
        name = "h" + UUID.randomUUID().toString().substring(0, 8);
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "redis.uri", RedisFixture.shared().uri(),
                "scamscan.scamdb.check-interval", "200ms",
                "scamscan.scamdb.timeout", "2s",
                "scamscan.scamdb.feeds." + name + ".url", feed.url(),
                "scamscan.scamdb.feeds." + name + ".format", "url-list",
                "scamscan.scamdb.feeds." + name + ".interval", "300ms"));
    }

    @AfterEach
    void stop() {
        server.close();
        feed.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailingFeedShowsOnHealthWhichStaysUpAndKeepsItsData() {
        ScamDatabase database = server.getApplicationContext().getBean(ScamDatabase.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> database.hasUrl("https://health-check-a.example.com/1").toCompletableFuture().join());
        Map<String, Object> sample = feeds().get("sample");
        assertEquals("ok", sample.get("status"), sample.toString());
        assertTrue(database.hasPhone("+19005550199").toCompletableFuture().join(), "the sample is loaded at startup");

        feed.serve(500, "text/plain", "oops", null, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> "failing".equals(feeds().get(name).get("status")));
        Map<String, Object> failing = feeds().get(name);
        assertEquals("the feed server answered with HTTP status 500", failing.get("lastError"));
        assertEquals(1, ((Number) failing.get("entries")).intValue());
        assertEquals(feed.url().substring(0, feed.url().indexOf("/feed")), failing.get("location"), "no path or query (keys)");
        assertTrue(failing.containsKey("lastSuccess") && failing.containsKey("lastAttempt"), failing.toString());
        assertEquals("UP", health().get("status"), "a failing feed does not take the API out of the load balancer");
        assertTrue(database.hasUrl("https://health-check-a.example.com/1").toCompletableFuture().join(), "the last good copy is kept");

        feed.serve("https://health-check-a.example.com/1\nhttps://health-check-b.example.com/2\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> "ok".equals(feeds().get(name).get("status")));
        assertTrue(database.hasUrl("https://health-check-b.example.com/2").toCompletableFuture().join());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> feeds() {
        Map<String, Object> details = (Map<String, Object>) health().get("details");
        Map<String, Object> scamDb = (Map<String, Object>) details.get(ScamDbHealthIndicator.NAME);
        return (Map<String, Map<String, Object>>) ((Map<String, Object>) scamDb.get("details")).get("feeds");
    }

    private Map<String, Object> health() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return server.getApplicationContext().getBean(ObjectMapper.class).readValue(response.body(), Map.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
