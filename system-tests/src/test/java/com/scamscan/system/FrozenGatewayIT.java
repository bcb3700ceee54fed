package com.scamscan.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.redis.RedisNames;
import com.scamscan.security.StreamTokenSettings;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.process.AppProcess;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A gateway process frozen ({@code kill -STOP}) past its budget lease and its client timeout,
 * while its clients had answered pings until then. Its slots go to the other instance; when it runs again
 * ({@code kill -CONT}) it must not count its clients back over the cap: it re-admits them against it and closes the
 * excess with 1013 (not 1001 as clients that answered no ping: it sent them none while frozen).
 */
class FrozenGatewayIT {

    private static final RedisNames NAMES = RedisNames.standalone();
    private static final StreamTokens TOKENS = new StreamTokens(
            new StreamTokenSettings(AppProcess.TOKEN_SECRET, "", Duration.ofHours(1)), Clock.systemUTC());

    @Test
    void gatewayFrozenPastItsLeaseShedsWhatIsOverTheCapWhenItRunsAgain() throws Exception {
        try (RedisFixture redis = RedisFixture.startNew();
             AppProcess frozen = AppProcess.start("gateway", settings(redis, "frozen"));
             AppProcess other = AppProcess.start("gateway", settings(redis, "other"))) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> inspect = connection.sync();
                String taskId = TaskId.random();
                List<String> fields = TaskRegistry.initialFields(Instant.now());
                Map<String, String> record = new HashMap<>();
                for (int i = 0; i < fields.size(); i += 2) {
                    record.put(fields.get(i), fields.get(i + 1));
                }
                inspect.hset(NAMES.task(taskId), record);

                List<TestClient> frozenClients = List.of(connect(frozen, taskId), connect(frozen, taskId));
                List<TestClient> otherClients = new ArrayList<>(List.of(connect(other, taskId), connect(other, taskId)));
                await().until(() -> counted(inspect) == 4);
                assertEquals(1013, TestClient.connect(uri(other, taskId)).awaitClose(), "the cap is full");

                // freeze it just before its next renewal: its lease lapses soon after, while its clients answered
                // pings (every 200 ms) until the freeze, so that they are not yet timed out when it runs again
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                        .until(() -> leaseLeftMillis(inspect, "frozen") < 1200);
                long frozenAt = redisMillis(inspect);
                signal("STOP", frozen.pid());
                try {
                    // its lease lapses: the other instance's next admissions drop it and take its two slots
                    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
                        TestClient next = TestClient.connect(uri(other, taskId)).awaitFrames(1);
                        if (next.frames().get(0).contains("\"step\":\"connected\"")) {
                            otherClients.add(next);
                        }
                        return otherClients.size() == 4;
                    });
                    // and it stays frozen longer than its client timeout: its clients could not be sent a ping,
                    // so that is no reason to drop them when it runs again
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                            .until(() -> redisMillis(inspect) - frozenAt > 4500);
                } finally {
                    signal("CONT", frozen.pid());
                }

                // six open at a cap of four until it runs: then its two are over the cap and closed with 1013
                for (TestClient shed : frozenClients) {
                    assertEquals(1013, shed.awaitClose(), frozen.log());
                    String last = shed.frames().get(shed.frames().size() - 1);
                    assertTrue(last.contains("\"message\":\"Too many connections, try again later\""), last);
                }
                assertTrue(otherClients.stream().noneMatch(TestClient::isClosed), "the other instance's clients stay");
                await().until(() -> counted(inspect) == 4 && "0".equals(inspect.hget(NAMES.budgetCounts(), "frozen")));
                assertEquals(1013, TestClient.connect(uri(frozen, taskId)).awaitClose(), "the cap still holds");
                assertTrue(frozen.log().contains("holds 2 connection(s) over the cap"), frozen.log());
            } finally {
                client.shutdown();
            }
        }
    }

    /** Short budget timings (valid: client-timeout within lease-ttl), pings often, one budget of four. */
    private static Map<String, String> settings(RedisFixture redis, String instanceId) {
        return Map.of(
                "redis.uri", redis.uri(),
                "scamscan.gateway.budget.instance-id", instanceId,
                "scamscan.gateway.budget.cap", "4",
                "scamscan.gateway.budget.lease-ttl", "4s",
                "scamscan.gateway.budget.renew-interval", "3s",
                "scamscan.gateway.client-timeout", "4s",
                "scamscan.gateway.heartbeat-interval", "200ms",
                "scamscan.gateway.sweep-interval", "100ms");
    }

    private static TestClient connect(AppProcess gateway, String taskId) {
        TestClient client = TestClient.connect(uri(gateway, taskId)).awaitFrames(1);
        assertTrue(client.frames().get(0).contains("\"step\":\"connected\""), client.frames().toString());
        return client;
    }

    private static URI uri(AppProcess gateway, String taskId) {
        return URI.create("ws://localhost:" + gateway.port() + "/ws/agent-progress/" + taskId + "?token=" + TOKENS.issue(taskId));
    }

    private static long counted(RedisCommands<String, String> inspect) {
        return inspect.hvals(NAMES.budgetCounts()).stream().mapToLong(Long::parseLong).sum();
    }

    /** How long the instance's lease still runs, by Redis's clock. */
    private static long leaseLeftMillis(RedisCommands<String, String> inspect, String instanceId) {
        Double end = inspect.zscore(NAMES.budgetLeases(), instanceId);
        return end == null ? Long.MAX_VALUE : end.longValue() - redisMillis(inspect);
    }

    private static long redisMillis(RedisCommands<String, String> inspect) {
        List<String> time = inspect.time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }
}
