package com.scamscan.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.events.AnalysisRun;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.process.AppProcess;
import com.scamscan.testing.redis.RedisFixture;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A scan-api instance frozen mid-analysis ({@code kill -STOP}) past the claim timeout loses its scan to another instance,
 * which finishes it: the person watching gets {@code retrying}, every step once and the verdict (1000). When the frozen
 * instance runs again ({@code kill -CONT}) it learns it lost the scan and cannot finish it a second time: no event is
 * added to the task, and its acknowledgement is refused. Timings as in {@link WorkerCrashIT}.
 */
class FrozenWorkerIT {

    private static final String CLAIM_TIMEOUT = "2s";
    private static final String POLL_TIMEOUT = "200ms";
    private static final String NO_PROGRESS_TIMEOUT = "5s";

    @Test
    void workerFrozenPastTheClaimTimeoutLosesItsScanAndCannotFinishItTwice() throws Exception {
        // a Redis of its own: scans other system tests left on the shared one's stream would be taken first (the
        // oldest idle entry goes first) and could hold the worker inside this test's hanging search
        RedisFixture ownRedis = RedisFixture.startNew();
        String redis = ownRedis.uri();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer hangingSearch = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hangingSearch.createContext("/", exchange -> {
            try {
                release.await(); // holds the first worker inside its web search until it is frozen and thawed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        hangingSearch.start();
        RedisClient redisClient = RedisClient.create(redis);
        try (AppProcess gateway = AppProcess.start("gateway", Map.of("redis.uri", redis,
                "scamscan.gateway.no-progress-timeout", NO_PROGRESS_TIMEOUT));
             StatefulRedisConnection<String, String> inspect = redisClient.connect()) {
            Map<String, String> first = Map.of(
                    "redis.uri", redis,
                    "scamscan.scan.gateway-url", "ws://localhost:" + gateway.port(),
                    "scamscan.agent.claim-timeout", CLAIM_TIMEOUT,
                    "scamscan.agent.poll-timeout", POLL_TIMEOUT,
                    "scamscan.agent.no-progress-timeout", NO_PROGRESS_TIMEOUT,
                    "scamscan.agent.exa.enabled", "true", "scamscan.agent.exa.api-key", "test-key",
                    "scamscan.agent.exa.base-url", "http://127.0.0.1:" + hangingSearch.getAddress().getPort(),
                    "scamscan.agent.exa.timeout", "5m");
            try (AppProcess frozen = AppProcess.start("scan-api", first)) {
                Map<String, String> accepted = Stack.upload(frozen, Images.screenshot("png",
                        "Your account is suspended.", "Verify your account at", "https://paypal-verify.top/login"), "");
                String taskId = accepted.get("task_id");
                TestClient client = TestClient.connect(URI.create(accepted.get("ws_url")));
                await().atMost(Duration.ofSeconds(60)).until(() -> client.events().stream().anyMatch(e -> e.contains("\"step\":\"exa_search\"")));

                try (AppProcess survivor = AppProcess.start("scan-api", Map.of(
                        "redis.uri", redis,
                        "scamscan.scan.gateway-url", "ws://localhost:" + gateway.port(),
                        "scamscan.agent.claim-timeout", CLAIM_TIMEOUT,
                        "scamscan.agent.poll-timeout", POLL_TIMEOUT,
                        "scamscan.agent.no-progress-timeout", NO_PROGRESS_TIMEOUT))) {
                    signal("STOP", frozen.pid());
                    try {
                        assertEquals(1000, client.awaitClose(), survivor.log() + gateway.log());
                    } finally {
                        signal("CONT", frozen.pid());
                    }
                    List<ProgressEvent> events = Stack.parse(client.events());
                    AnalysisRun.assertCompleteAfterRetries(client.events(), 1);
                    assertTrue(events.stream().anyMatch(e -> e.step() == Step.RETRYING && e.percent() == 40), events.toString());
                    assertTrue(survivor.log().contains("analysis attempt 2"), survivor.log());
                    long published = inspect.sync().xlen("agent_progress_history:" + taskId);

                    // thawed: its touch finds the entry gone, its search returns, and it stops without finishing again
                    release.countDown();
                    await().atMost(Duration.ofSeconds(30)).until(() -> frozen.log().contains("task " + taskId
                            + ": held past the claim timeout without a touch and taken over by another worker"));
                    await().atMost(Duration.ofSeconds(30)).until(() -> frozen.log().contains("task " + taskId
                            + ": another worker took it over; left to it"));
                    assertEquals(published, inspect.sync().xlen("agent_progress_history:" + taskId),
                            "no event after the frozen worker ran again");
                    assertEquals("completed", inspect.sync().hget("task:" + taskId, "status"));
                    assertTrue(inspect.sync().xrange("scan_dead_letters", io.lettuce.core.Range.create("-", "+")).stream()
                            .noneMatch(m -> taskId.equals(m.getBody().get("task_id"))), "not dead-lettered");
                    String entry = inspect.sync().hget("task:" + taskId, "queue_entry");
                    assertTrue(inspect.sync().xrange("scan_stream", io.lettuce.core.Range.create(entry, entry)).isEmpty(),
                            "finished once: acknowledged and deleted by the survivor");
                    assertTrue(client.frames().stream().noneMatch(f -> f.contains("presumed failed")), client.frames().toString());
                }
            }
        } finally {
            release.countDown();
            hangingSearch.stop(0);
            redisClient.shutdown();
            ownRedis.close();
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }
}
