package com.scamscan.system;

import com.scamscan.testing.process.AppProcess;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.events.AnalysisRun;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.redis.RedisClusterFixture;
import com.scamscan.testing.redis.RedisFixture;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A scan survives the scan-api instance that was analysing it being killed (kill -9): another instance's poll takes its
 * stream entry over once it has been idle for the claim timeout, and the person watching gets a {@code retrying} event,
 * every step once and the verdict, never 4408. The timings keep the shipped defaults' relation (claim timeout 15 s,
 * poll 1 s, no-progress timeout 60 s: the takeover within half of it), scaled down.
 */
class WorkerCrashIT {

    private static final String CLAIM_TIMEOUT = "2s";
    private static final String POLL_TIMEOUT = "200ms";
    private static final String NO_PROGRESS_TIMEOUT = "5s"; // at least twice claim + poll timeout (2.2 s), as checked at startup

    @Test
    void scanInterruptedByAKilledWorkerIsFinishedByAnotherAndTheClientGetsTheVerdict() throws Exception {
        // a Redis of its own: scans other system tests left on the shared one's stream would be taken first and could
        // hold the worker inside this test's hanging search
        try (RedisFixture ownRedis = RedisFixture.startNew()) {
            crashMidAnalysis("redis.uri", ownRedis.uri());
        }
    }

    @Test
    void onARedisClusterTooTheScanOfAKilledWorkerIsFinishedByAnother() throws Exception {
        // the scan stream in a slot of its own, the task's record, upload, history and channel in another (sharded
        // pub/sub): the takeover and the relay work across masters
        try (RedisClusterFixture cluster = RedisClusterFixture.start(3)) {
            crashMidAnalysis("redis.uris", String.join(",", cluster.uris()));
        }
    }

    /** kill -9 of the instance analysing a scan while a client watches; the other instance finishes it. */
    private static void crashMidAnalysis(String redisProperty, String redis) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer hangingSearch = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hangingSearch.createContext("/", exchange -> {
            try {
                release.await(); // holds the first worker inside its web search until it is killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        hangingSearch.start();
        try (AppProcess gateway = AppProcess.start("gateway", Map.of(redisProperty, redis,
                "scamscan.gateway.no-progress-timeout", NO_PROGRESS_TIMEOUT))) {
            Map<String, String> first = Map.of(
                    redisProperty, redis,
                    "scamscan.scan.gateway-url", "ws://localhost:" + gateway.port(),
                    "scamscan.agent.claim-timeout", CLAIM_TIMEOUT,
                    "scamscan.agent.poll-timeout", POLL_TIMEOUT,
                    "scamscan.agent.no-progress-timeout", NO_PROGRESS_TIMEOUT,
                    "scamscan.agent.exa.enabled", "true", "scamscan.agent.exa.api-key", "test-key",
                    "scamscan.agent.exa.base-url", "http://127.0.0.1:" + hangingSearch.getAddress().getPort(),
                    "scamscan.agent.exa.timeout", "5m");
            AppProcess doomed = AppProcess.start("scan-api", first);
            Map<String, String> accepted = Stack.upload(doomed, Images.screenshot("png",
                    "Your account is suspended.", "Verify your account at", "https://paypal-verify.top/login"), "");
            TestClient client = TestClient.connect(URI.create(accepted.get("ws_url")));
            await().atMost(Duration.ofSeconds(60)).until(() -> client.events().stream().anyMatch(e -> e.contains("\"step\":\"exa_search\"")));

            // the second instance is up before the first dies, as in a fleet; the search hangs longer than the
            // gateway's no-progress timeout meanwhile, its worker alive and touching the scan's entry
            try (AppProcess survivor = AppProcess.start("scan-api", Map.of(
                    redisProperty, redis,
                    "scamscan.scan.gateway-url", "ws://localhost:" + gateway.port(),
                    "scamscan.agent.claim-timeout", CLAIM_TIMEOUT,
                    "scamscan.agent.poll-timeout", POLL_TIMEOUT,
                    "scamscan.agent.no-progress-timeout", NO_PROGRESS_TIMEOUT))) {
                doomed.kill();
                assertEquals(1000, client.awaitClose(), survivor.log() + gateway.log());
                List<ProgressEvent> events = Stack.parse(client.events());
                AnalysisRun.assertCompleteAfterRetries(client.events(), 1);
                ProgressEvent retrying = events.stream().filter(e -> e.step() == Step.RETRYING).findFirst().orElseThrow();
                assertEquals(40, retrying.percent(), "the percent the task had reached: " + events);
                ProgressEvent search = events.stream().filter(e -> e.step() == Step.EXA_SEARCH).reduce((a, b) -> b).orElseThrow();
                assertEquals("skipped: not configured", search.message(), "the result came from the second instance");
                assertEquals(VerdictLabel.SCAM, events.get(events.size() - 1).verdict().label(), events.toString());
                assertTrue(survivor.log().contains("analysis attempt 2"), survivor.log());
                assertTrue(client.frames().stream().noneMatch(f -> f.contains("presumed failed")), client.frames().toString());
            }
        } finally {
            release.countDown();
            hangingSearch.stop(0);
        }
    }

}
