package com.scamscan.gateway.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.gateway.testing.RawClient;
import com.scamscan.progress.Step;
import com.scamscan.redis.RedisNames;
import com.scamscan.security.StreamTokenSettings;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.redis.RedisFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the internet sends a gateway: each case gets its documented close code (or handshake refusal), the gateway
 * stays healthy, and nothing is left behind: no client, no subscription, no budget slot, no key it did not own.
 * Runs on a Redis of its own so that every key can be accounted for.
 */
class HostileStreamsIT {

    private static final String SECRET = "test-only-secret-0123456789abcdef-0123456789abcdef";

    private static RedisFixture redis;
    private static Gateway gateway;
    private static final List<String> registered = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisFixture.startNew();
        // localhost-pass-through: on a localhost Host, Micronaut itself refuses foreign origins with HTTP 403
        // (drive-by-localhost protection) on what it serves (SSE; the WebSocket upgrade is Netty's, ProgressSocket);
        // a deployed gateway is not on localhost, so the relay's own check is the one that matters and the one
        // tested here
        gateway = Gateway.start(redis, "scamscan.gateway.allowed-origins", "https://scamscan.example",
                "scamscan.gateway.max-client-frame-bytes", "1024", "micronaut.server.cors.localhost-pass-through", "true");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        redis.close();
    }

    @AfterEach
    void nothingLeaked() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals(0, gateway.relay().connections(), "clients still attached");
            assertEquals(0, gateway.relay().subscriptionCount(), "subscriptions still held");
            assertEquals(List.of(), gateway.inspect.sync().pubsubChannels(), "channels still subscribed in Redis");
            long held = gateway.inspect.sync().hvals(RedisNames.standalone().budgetCounts()).stream().mapToLong(Long::parseLong).sum();
            assertEquals(0, held, "budget slots still held");
        });
        for (String key : gateway.inspect.sync().keys("*")) {
            boolean ours = key.startsWith("gateway_budget:") || key.startsWith("ratelimit:")
                    || registered.stream().anyMatch(key::endsWith);
            assertTrue(ours, "a key nobody asked for: " + key);
        }
        assertEquals("UP", health());
    }

    private static String task() {
        String taskId = gateway.newTask();
        registered.add(taskId);
        return taskId;
    }

    private static URI raw(String pathAndQuery) {
        return URI.create("ws://localhost:" + gateway.server.getPort() + pathAndQuery);
    }

    private static int closeCodeOf(URI uri) {
        return TestClient.connect(uri).awaitClose();
    }

    private static String health() {
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.server.getPort() + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"") ? "UP" : response.body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "..%2F..%2Fetc%2Fpasswd", "a%00b", "t%C3%A2che", "%F0%9F%92%A3", "a%20b", "%2e%2e", "a.b",
        "a%3Bb", "%7Bx%7D", "a%25ZZ"})
    void pathTricksAndNonAsciiIdsArePolicyViolations(String id) {
        TestClient client = TestClient.connect(raw("/ws/agent-progress/" + id + "?token=x"));
        assertEquals(1008, client.awaitClose(), id);
        assertTrue(client.frames().get(0).contains("Malformed task id"), client.frames().toString());
    }

    @Test
    void pathsThatDoNotRouteAreRefusedBeforeTheUpgrade() {
        for (String path : List.of("/ws/agent-progress/a;b", "/ws/agent-progress/", "/ws/agent-progress/a/b", "/ws/other/a")) {
            assertEquals(404, handshakeStatus(raw(path + "?token=x")), path);
        }
    }

    private static int handshakeStatus(URI uri) {
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> TestClient.connect(uri));
        return ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }

    @Test
    void aHugeTaskIdIsRefusedBeforeAnythingIsLookedUp() {
        assertEquals(1008, closeCodeOf(raw("/ws/agent-progress/" + "a".repeat(65) + "?token=x")));
        // beyond Netty's 4 KiB request line the handshake itself is refused: the client never gets a socket
        assertEquals(413, handshakeStatus(raw("/ws/agent-progress/" + "a".repeat(10_000)))); // Netty's request-line limit
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1e3", "99999999999999999999", "", "0x10", "1.5", "%00", "1%202", "%EF%BC%91"})
    void lastSeqGarbageIsAPolicyViolation(String lastSeq) {
        String taskId = task();
        TestClient client = TestClient.connect(URI.create(gateway.uri(taskId) + "&last_seq=" + lastSeq));
        assertEquals(1008, client.awaitClose(), lastSeq);
        assertTrue(client.frames().get(0).contains("Malformed last_seq"), client.frames().toString());
    }

    @Test
    void missingForgedExpiredAndOtherTasksTokensAreRefusedWith4401() {
        String taskId = task();
        String other = task();
        String base = "/ws/agent-progress/" + taskId;
        assertEquals(4401, closeCodeOf(raw(base)));
        assertEquals(4401, closeCodeOf(raw(base + "?token=")));
        assertEquals(4401, closeCodeOf(raw(base + "?token=" + gateway.token(other)))); // replayed from another task
        String real = gateway.token(taskId);
        String stretched = "v1.9999999999" + real.substring(real.lastIndexOf('.'));
        assertEquals(4401, closeCodeOf(raw(base + "?token=" + stretched)));
        String foreign = new StreamTokens(new StreamTokenSettings("k".repeat(40), "", Duration.ofHours(1)), Clock.systemUTC()).issue(taskId);
        assertEquals(4401, closeCodeOf(raw(base + "?token=" + foreign)));
        String expired = new StreamTokens(new StreamTokenSettings(SECRET, "", Duration.ofMinutes(1)),
                Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC)).issue(taskId);
        TestClient late = TestClient.connect(raw(base + "?token=" + expired));
        assertEquals(4401, late.awaitClose());
        assertTrue(late.frames().get(0).contains("Stream token expired"), late.frames().toString());
        assertEquals(4401, closeCodeOf(raw(base + "?token=" + URLEncoder.encode("v1.1.<script>", StandardCharsets.UTF_8))));
        // the real token still works, as often as the client reconnects, until it expires
        gateway.complete(taskId);
        assertEquals(1000, closeCodeOf(gateway.uri(taskId)));
        assertEquals(1000, closeCodeOf(gateway.uri(taskId)));
    }

    @Test
    void aForeignOriginIsRefusedWith4403AndAnAllowedOneIsServed() {
        String taskId = task();
        TestClient evil = TestClient.connect(gateway.uri(taskId), Map.of("Origin", "https://evil.example"));
        assertEquals(4403, evil.awaitClose());
        assertTrue(evil.frames().get(0).contains("Origin not allowed"), evil.frames().toString());
        gateway.complete(taskId);
        assertEquals(1000, TestClient.connect(gateway.uri(taskId), Map.of("Origin", "https://scamscan.example")).awaitClose());
        assertEquals(1000, TestClient.connect(gateway.uri(taskId)).awaitClose()); // not a browser: no Origin
    }

    @Test
    void clientMessagesOverTheLimitAre1008WholeOrInFragments() {
        String taskId = task();
        TestClient big = TestClient.connect(gateway.uri(taskId)).awaitFrames(1);
        big.send("x".repeat(70_000)); // the JDK client sends this in fragments: each under 64 KiB, together over the limit
        assertEquals(1008, big.awaitClose());

        TestClient fragmented = TestClient.connect(gateway.uri(taskId)).awaitFrames(1);
        // each fragment under the 1,024-byte limit, only all three together over it: the gateway closes as soon as a
        // message is over, so no fragment may follow that point (the client's next send would find its output closed)
        fragmented.sendFragments("x".repeat(400), "y".repeat(400), "z".repeat(400));
        assertEquals(1008, fragmented.awaitClose());

        TestClient chatty = TestClient.connect(gateway.uri(taskId)).awaitFrames(1);
        chatty.sendFragments("he", "llo"); // small: ignored, the stream goes on
        gateway.publish(taskId, Step.SCAM_DB, 30);
        chatty.awaitFrames(2);
        gateway.complete(taskId);
        assertEquals(1000, chatty.awaitClose());
    }

    @Test
    void oneFrameOver64KiBIs1009FromTheFrameDecoder() throws Exception {
        String taskId = task();
        try (RawClient raw = RawClient.connect(gateway.server.getPort(), "/ws/agent-progress/" + taskId + "?token=" + gateway.token(taskId))) {
            raw.sendTextFrame(70_000);
            assertEquals(1009, raw.awaitCloseCode());
        }
    }

    @Test
    void channelMessagesThatAreNotEventsAreDroppedAndTheStreamGoesOn() {
        String taskId = task();
        TestClient client = TestClient.connect(gateway.uri(taskId)).awaitFrames(1);
        String channel = "agent_progress:" + taskId;
        for (String junk : List.of("", "not json", "[1,2,3]", "{\"seq\":\"x\"}", "{\"seq\":1", "{\"a\":" + "[".repeat(5000),
                "{\"big\":\"" + "x".repeat(1_000_000) + "\"", "\u0000\u0001\u0002")) {
            gateway.inspect.sync().publish(channel, junk);
        }
        gateway.publish(taskId, Step.SCAM_DB, 30);
        gateway.complete(taskId);
        assertEquals(1000, client.awaitClose());
        assertEquals(2, client.events().size(), client.frames().toString());
    }

    @Test
    void aConnectFloodFromOneAddressIsRateLimitedAcrossInstancesAndForgedForwardingDoesNotHelp() {
        RedisFixture own = RedisFixture.startNew();
        try (Gateway first = Gateway.start(own, "scamscan.security.rate-limit.connects-per-window", "4",
                     "scamscan.security.rate-limit.window", "60s");
             Gateway second = Gateway.start(own, "scamscan.security.rate-limit.connects-per-window", "4",
                     "scamscan.security.rate-limit.window", "60s")) {
            String taskId = first.newTask();
            first.complete(taskId);
            for (int i = 0; i < 4; i++) {
                assertEquals(1000, TestClient.connect((i % 2 == 0 ? first : second).uri(taskId)).awaitClose());
            }
            TestClient limited = TestClient.connect(second.uri(taskId));
            assertEquals(4429, limited.awaitClose());
            assertTrue(limited.frames().get(0).matches(".*Too many connections from your address: retry in \\d+ s.*"),
                    limited.frames().toString());
            TestClient spoofed = TestClient.connect(first.uri(taskId), Map.of("X-Forwarded-For", "203.0.113.77"));
            assertEquals(4429, spoofed.awaitClose()); // no trusted proxies configured: the header is not believed
            long held = first.inspect.sync().hvals(RedisNames.standalone().budgetCounts()).stream().mapToLong(Long::parseLong).sum();
            assertEquals(0, held, "refused connections hold no budget slot");
        } finally {
            own.close();
        }
    }

    @Test
    void aConnectForATaskThatWasNeverRegisteredCreatesNothing() {
        String taskId = TaskId.random();
        assertEquals(4404, closeCodeOf(gateway.uri(taskId)));
        assertEquals(0L, gateway.inspect.sync().exists("task:" + taskId, "agent_progress_history:" + taskId));
    }
}
