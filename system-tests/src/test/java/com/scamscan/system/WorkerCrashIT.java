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

/** A scan survives the scan-api instance that was analysing it being killed: another instance finishes it. */
class WorkerCrashIT {

    @Test
    void scanInterruptedByAKilledWorkerIsFinishedByAnotherWithEveryStepOnce() throws Exception {
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
        try (AppProcess gateway = AppProcess.start("gateway", Map.of("scamscan.redis.uri", redis))) {
            Map<String, String> first = Map.of(
                    "scamscan.redis.uri", redis,
                    "scamscan.scan.gateway-url", "ws://localhost:" + gateway.port(),
                    "scamscan.agent.lease-ttl", "1s",
                    "scamscan.agent.exa.api-key", "test-key",
                    "scamscan.agent.exa.base-url", "http://127.0.0.1:" + hangingSearch.getAddress().getPort(),
                    "scamscan.agent.exa.timeout", "5m");
            AppProcess doomed = AppProcess.start("scan-api", first);
            Map<String, String> accepted = Stack.upload(doomed, Images.screenshot("png",
                    "Your account is suspended.", "Verify your account at", "https://paypal-verify.top/login"), "");
            TestClient client = TestClient.connect(URI.create(accepted.get("ws_url")));
            await().atMost(Duration.ofSeconds(60)).until(() -> client.events().stream().anyMatch(e -> e.contains("\"step\":\"exa_search\"")));

            doomed.kill();
            try (AppProcess survivor = AppProcess.start("scan-api", Map.of(
                    "scamscan.redis.uri", redis,
                    "scamscan.scan.gateway-url", "ws://localhost:" + gateway.port(),
                    "scamscan.agent.lease-ttl", "1s"))) {
                assertEquals(1000, client.awaitClose(), survivor.log());
                List<ProgressEvent> events = Stack.parse(client.events());
                AnalysisRun.assertComplete(client.events());
                ProgressEvent search = events.stream().filter(e -> e.step() == Step.EXA_SEARCH).reduce((a, b) -> b).orElseThrow();
                assertEquals("skipped: not configured", search.message(), "the result came from the second instance");
                assertEquals(VerdictLabel.SCAM, events.get(events.size() - 1).verdict().label(), events.toString());
                assertTrue(survivor.log().contains("analysis attempt 2"), survivor.log());
            }
        } finally {
            release.countDown();
            hangingSearch.stop(0);
        }
    }

}
