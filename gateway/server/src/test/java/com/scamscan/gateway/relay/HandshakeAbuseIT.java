package com.scamscan.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.scamscan.gateway.testing.Gateway;
import com.scamscan.gateway.testing.RawClient;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.redis.RedisFixture;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Handshakes as an abuser sends them: every one counts against its address's limit whatever token it carries,
 * refusals neither fill the log (one line per address and close code per window) nor cost Redis a script run each once the address is over its limit, and behind
 * a trusted proxy the address is the proxy's word, not the client's, however many header lines there are.
 * Each test on a Redis of its own, so the counters start at zero.
 */
class HandshakeAbuseIT {

    private RedisFixture redis;

    @BeforeEach
    void redis() {
        redis = RedisFixture.startNew();
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void badTokenHandshakesCountAgainstTheLimitAreRefusedQuietlyAndStopCostingRedis() {
        List<ILoggingEvent> logged = new ArrayList<>();
        String taskId;
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        try (Gateway gateway = Gateway.start(redis, "scamscan.security.rate-limit.connects-per-window", "5",
                "scamscan.security.rate-limit.window", "60s")) {
            taskId = gateway.newTask();
            gateway.complete(taskId);
            gateway.inspect.sync().configSet("slowlog-log-slower-than", "0"); // every command goes to the slow log
            gateway.inspect.sync().configSet("slowlog-max-len", "100000");
            gateway.inspect.sync().slowlogReset();
            URI forged = URI.create(gateway.uriWithoutToken(taskId) + "?token=v1.9999999999.forged");
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                codes.add(TestClient.connect(forged).awaitClose());
            }
            assertEquals(List.of(4401, 4401, 4401, 4401, 4401), codes.subList(0, 5), codes.toString());
            assertTrue(codes.subList(5, 40).stream().allMatch(code -> code == 4429), codes.toString());
            // the address used its allowance on forged tokens: a real one waits for the window too
            assertEquals(4429, TestClient.connect(gateway.uri(taskId)).awaitClose());

            List<String> limiterRuns = gateway.inspect.sync().slowlogGet(100_000).stream().map(Object::toString)
                    .filter(entry -> entry.contains("ratelimit:connect:")) // the script runs, not the commands in them
                    .filter(entry -> entry.contains("[EVALSHA, ") || entry.contains("[EVAL, ")).toList();
            // 5 allowed, 1 refused and remembered; plus the first EVALSHA that Redis answered NOSCRIPT (then EVAL)
            assertTrue(limiterRuns.size() <= 7, "Redis was asked " + limiterRuns.size() + " times for 41 handshakes of one"
                    + " address over a limit of 5: after the first refusal the limiter should remember the address: " + limiterRuns);

            synchronized (appender) {
                logged.addAll(appender.list);
            }
        } finally {
            root.detachAppender(appender);
        }
        List<String> loud = logged.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .filter(e -> e.getLoggerName().startsWith("com.scamscan"))
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("refus") || m.contains("token")).toList();
        // one line per address and close code per window (RefusalLog), not one per refused handshake; never the token
        String loopback = "(127\\.0\\.0\\.1|0:0:0:0:0:0:0:1)";
        assertEquals(2, loud.size(), "41 refused handshakes of one address, 2 close codes: " + loud);
        assertTrue(loud.get(0).matches("handshake refused: 4401 UNAUTHORIZED from " + loopback + ", task " + taskId + ", websocket"), loud.get(0));
        assertTrue(loud.get(1).matches("handshake refused: 4429 RATE_LIMITED from " + loopback + ", task " + taskId + ", websocket"), loud.get(1));
        assertTrue(logged.stream().noneMatch(e -> (e.getFormattedMessage() + e.getKeyValuePairs()).contains("forged")),
                "the token reached the log");
    }

    @Test
    void behindATrustedProxyAllForwardedLinesAreReadAndTheClientsOwnLineDoesNotHelp() throws Exception {
        try (Gateway gateway = Gateway.start(redis, "scamscan.security.rate-limit.connects-per-window", "3",
                "scamscan.security.rate-limit.window", "60s", "scamscan.security.trusted-proxies", "127.0.0.1,::1")) {
            String taskId = gateway.newTask();
            gateway.complete(taskId);
            String path = "/ws/agent-progress/" + taskId + "?token=" + gateway.token(taskId);
            List<Integer> codes = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                // the client writes a new address each time on its own line; the proxy appends the one it saw
                codes.add(closeCode(gateway, path, "X-Forwarded-For: 203.0.113." + i, "X-Forwarded-For: 198.51.100.7"));
            }
            assertEquals(List.of(1000, 1000, 1000, 4429, 4429, 4429), codes);
            // the same client line through the proxy from another address is that address's allowance
            assertEquals(1000, closeCode(gateway, path, "X-Forwarded-For: 203.0.113.1", "X-Forwarded-For: 198.51.100.8"));
        }
    }

    @Test
    void malformedUpgradesAreAnsweredAtOnceAndCountAgainstTheLimit() throws Exception {
        try (Gateway gateway = Gateway.start(redis, "scamscan.security.rate-limit.connects-per-window", "4",
                "scamscan.security.rate-limit.window", "60s")) {
            String taskId = gateway.newTask();
            gateway.complete(taskId);
            String path = "/ws/agent-progress/" + taskId + "?token=" + gateway.token(taskId);
            int port = gateway.server.getPort();
            assertEquals("HTTP/1.1 400 Bad Request", statusLine(port, path + "|x", ""));
            assertEquals("HTTP/1.1 400 Bad Request", statusLine(port, "/ws/agent-progress/a<b" + path.substring(path.indexOf('?')), ""));
            assertEquals("HTTP/1.1 431 Request Header Fields Too Large",
                    statusLine(port, path, "X-Big: " + "a".repeat(9_000) + "\r\n"));
            assertEquals(1000, TestClient.connect(gateway.uri(taskId)).awaitClose()); // the 4th handshake of the window
            assertEquals(4429, TestClient.connect(gateway.uri(taskId)).awaitClose());
            assertEquals("UP", health(port)); // and the server goes on serving
        }
    }

    /** Sends one upgrade request with this target (not checked here) and returns the answer's status line. */
    private static String statusLine(int port, String target, String extraHeaders) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            java.io.InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            try {
                for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
                    line.append((char) b);
                }
                while (in.read() >= 0) {
                    // the rest of the answer, then the server closes
                }
            } catch (java.net.SocketTimeoutException e) {
                return line.isEmpty() ? "no answer within 5 s" : line + " (connection left open)";
            }
            return line.toString();
        }
    }

    private static String health(int port) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().contains("\"UP\"") ? "UP" : response.body();
    }

    private static int closeCode(Gateway gateway, String path, String... headerLines) throws Exception {
        try (RawClient client = RawClient.connect(gateway.server.getPort(), path, List.of(headerLines))) {
            return client.awaitCloseCode();
        }
    }
}
