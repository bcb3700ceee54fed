package com.scamscan.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.redis.progress.ProgressSettings;
import com.scamscan.redis.RedisNames;
import com.scamscan.security.StreamTokenSettings;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.redis.task.TestTasks;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.process.AppProcess;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.serde.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's edge as a packaged gateway process shows it: malformed upgrades are answered at once and cost
 * their address its handshake allowance, its whole log never holds a stream token, and a real SIGTERM reaches
 * connected clients as the documented 1001, not as a cut connection (1006).
 */
class GatewayEdgeIT {

    @Test
    void malformedUpgradesAreAnsweredAtOnceCountedAndNoTokenReachesTheLog() throws Exception {
        RedisFixture redis = RedisFixture.shared();
        String taskId = newTask(redis);
        String token = token(taskId);
        // with the warm-up on: its loopback handshakes count against the same address's limit as this test's
        // clients, and must be given back, or the allowance of 12 below would be used up early; nor may it log a token
        try (AppProcess gateway = AppProcess.start("gateway", Map.of("redis.uri", redis.uri(),
                "scamscan.security.rate-limit.connects-per-window", "12", "scamscan.security.rate-limit.window", "60s",
                "scamscan.gateway.warm-up.enabled", "true", "scamscan.gateway.warm-up.connections", "60",
                "scamscan.gateway.warm-up.events", "10"))) {
            String path = "/ws/agent-progress/" + taskId;
            // a well-formed handshake with the token: served, the task is live
            TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + gateway.port() + path + "?token=" + token))
                    .awaitFrames(1);
            List<String> answers = new ArrayList<>();
            for (String target : List.of(path + "?token=" + token + "|x", path + "<b?token=" + token,
                    path + "[0]?token=" + token, path + "?token=" + token + "&last_seq=%ZZ")) {
                answers.add(statusLine(gateway.port(), target, ""));
            }
            answers.add(statusLine(gateway.port(), path + "?token=" + token, "X-Big: " + "a".repeat(9_000) + "\r\n"));
            // 1 good + 5 malformed so far; 6 more malformed use up the allowance of 12, then even a good one is refused
            for (int i = 0; i < 6; i++) {
                answers.add(statusLine(gateway.port(), path + "?token=" + token + "|" + i, ""));
            }
            TestClient limited = TestClient.connect(URI.create("ws://127.0.0.1:" + gateway.port() + path + "?token=" + token));
            int limitedCode = limited.awaitClose();
            client.close();
            // first the log, whatever the answers were: no line of it may hold the token or its signature
            String log = gateway.log();
            assertTrue(log.contains("Startup completed"), log);
            assertTrue(log.contains("Warmed up in"), log);
            assertFalse(log.contains(token), "the stream token is in the gateway's log:\n" + log);
            assertFalse(log.contains(token.substring(token.lastIndexOf('.') + 1)), "the token's signature is in the log:\n" + log);
            List<String> expected = new ArrayList<>(List.of("HTTP/1.1 400 Bad Request", "HTTP/1.1 400 Bad Request",
                    "HTTP/1.1 400 Bad Request", "HTTP/1.1 400 Bad Request", "HTTP/1.1 431 Request Header Fields Too Large"));
            expected.addAll(java.util.Collections.nCopies(6, "HTTP/1.1 400 Bad Request"));
            assertEquals(expected, answers);
            assertEquals(4429, limitedCode);
        }
    }

    @Test
    void sigtermClosesConnectedClientsWith1001BeforeTheServerStops() {
        RedisFixture redis = RedisFixture.shared();
        String taskId = newTask(redis);
        AppProcess gateway = AppProcess.start("gateway", Map.of("redis.uri", redis.uri()));
        try {
            URI uri = URI.create("ws://127.0.0.1:" + gateway.port() + "/ws/agent-progress/" + taskId + "?token=" + token(taskId));
            List<TestClient> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(TestClient.connect(uri).awaitFrames(1)); // greeted: streaming
            }
            ProcessHandle process = ProcessHandle.of(gateway.pid()).orElseThrow();
            assertTrue(process.destroy(), "SIGTERM could not be sent"); // destroy() is SIGTERM on Linux
            for (TestClient client : clients) {
                assertEquals(1001, client.awaitClose(), "close frames seen: " + client.frames());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
            assertTrue(gateway.log().contains("Draining: closing 3 client(s) with 1001"), gateway.log());
        } finally {
            gateway.close();
        }
    }

    /** Sends one upgrade request with this target (unchecked) and returns the status line, failing after 5 s without one. */
    private static String statusLine(int port, String target, String extraHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
                    line.write(b);
                }
            } catch (SocketTimeoutException e) {
                return "no answer within 5 s";
            }
            String status = line.toString(StandardCharsets.ISO_8859_1);
            // answered, then closed by the server: the rest of the response, then end of stream
            try {
                while (in.read() >= 0) {
                    // drain
                }
            } catch (SocketTimeoutException e) {
                return status + " (connection left open)";
            }
            return status;
        }
    }

    private static String newTask(RedisFixture redis) {
        String taskId = TaskId.random();
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            new TestTasks(connection.async(), RedisNames.standalone(), new ProgressSettings(1000, Duration.ofHours(1)))
                    .create(taskId, Instant.now()).toCompletableFuture().join();
        } finally {
            client.shutdown();
        }
        return taskId;
    }

    private static String token(String taskId) {
        return new StreamTokens(new StreamTokenSettings(AppProcess.TOKEN_SECRET, "", Duration.ofHours(1)), Clock.systemUTC())
                .issue(taskId);
    }
}
