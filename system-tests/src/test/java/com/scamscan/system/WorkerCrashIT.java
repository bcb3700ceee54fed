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
 * A scan survives the scan-api instance that was analysing it being killed: another instance finishes it, and the
 * person watching gets the verdict. The timings keep the shipped defaults' relation (lease 20 s, recovery every 5 s,
 * no-progress timeout 60 s), scaled down: the gateway gives up on a silent task sooner than the old recovery (a lapsed
 * lease, then two sightings a lease apart: up to three leases) would have brought it back.
 */
class WorkerCrashIT {

    private static final String LEASE_TTL = "2s";
    private static final String NO_PROGRESS_TIMEOUT = "5s"; // under the old worst case of 6 s, over lease + recovery (2.5 s)

    @Test
    void scanInterruptedByAKilledWorkerIsFinishedByAnotherAndTheClientGetsTheVerdict() throws Exception {
        String redis = RedisFixture.shared().uri();
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
        try (AppProcess gateway = AppProcess.start("gateway", Map.of("scamscan.redis.uri", redis,
                "scamscan.gateway.no-progress-timeout", NO_PROGRESS_TIMEOUT))) {
            Map<String, String> first = Map.of(
                    "scamscan.redis.uri", redis,
                    "scamscan.scan.gateway-url", "ws://localhost:" + gateway.port(),
                    "scamscan.agent.lease-ttl", LEASE_TTL,
                    "scamscan.agent.exa.api-key", "test-key",
                    "scamscan.agent.exa.base-url", "http://127.0.0.1:" + hangingSearch.getAddress().getPort(),
                    "scamscan.agent.exa.timeout", "5m");
            AppProcess doomed = AppProcess.start("scan-api", first);
            Map<String, String> accepted = Stack.upload(doomed, Images.screenshot("png",
                    "Your account is suspended.", "Verify your account at", "https://paypal-verify.top/login"), "");
            TestClient client = TestClient.connect(URI.create(accepted.get("ws_url")));
            await().atMost(Duration.ofSeconds(60)).until(() -> client.events().stream().anyMatch(e -> e.contains("\"step\":\"exa_search\"")));

            // the second instance is up before the first dies, as in a fleet; the search hangs longer than the
            // gateway's no-progress timeout meanwhile, its worker alive and leasing the task
            try (AppProcess survivor = AppProcess.start("scan-api", Map.of(
                    "scamscan.redis.uri", redis,
                    "scamscan.scan.gateway-url", "ws://localhost:" + gateway.port(),
                    "scamscan.agent.lease-ttl", LEASE_TTL))) {
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
