package com.scamscan.system;

import com.scamscan.testing.process.AppProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.events.AnalysisRun;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.redis.RedisFixture;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole path: a real screenshot through scan-api's agent, watched live through the gateway. */
class FullStackIT {

    private static AppProcess gateway;
    private static AppProcess scanApi;

    @BeforeAll
    static void start() {
        String redis = RedisFixture.shared().uri();
        gateway = AppProcess.start("gateway", Map.of("redis.uri", redis));
        scanApi = AppProcess.start("scan-api", Map.of("redis.uri", redis,
                "scamscan.scan.gateway-url", "ws://localhost:" + gateway.port()));
    }

    @AfterAll
    static void stop() {
        scanApi.close();
        gateway.close();
    }

    @Test
    void phishingSmsIsStreamedStepByStepAndJudgedAScam() {
        byte[] screenshot = Images.screenshot("png",
                "USPS: Your package is on hold due to",
                "an unpaid fee. Pay now at",
                "https://usps-redelivery.top/pay",
                "or call +1 900 555 0199");
        List<ProgressEvent> events = watch(screenshot);
        ProgressEvent done = events.get(events.size() - 1);
        assertEquals(VerdictLabel.SCAM, done.verdict().label());
        assertEquals(List.of("https://usps-redelivery.top/pay"), done.verdict().entities().urls());
        assertEquals(List.of("usps-redelivery.top"), done.verdict().entities().domains());
        assertEquals(List.of("+19005550199"), done.verdict().entities().phones());
        assertTrue(events.stream().anyMatch(e -> e.step() == Step.SCAM_DB && e.message().equals("2 of 3 entries found in the scam database")),
                events.toString());
    }

    @Test
    void qrCodeLinkIsFoundInTheImage() {
        byte[] poster = Images.encode(Images.withQrCode("Scan to pay your parking fine", "https://paypa1.com/parking"), "png");
        ProgressEvent done = last(watch(poster));
        assertEquals(List.of("https://paypa1.com/parking"), done.verdict().entities().urls());
        assertTrue(done.verdict().label() != VerdictLabel.LIKELY_SAFE, done.verdict().toString());
    }

    @Test
    void benignMessageIsLikelySafe() {
        ProgressEvent done = last(watch(Images.screenshot("png", "Hi Sam! Dinner at ours on Friday?", "See you at 7.")));
        assertEquals(VerdictLabel.LIKELY_SAFE, done.verdict().label());
    }

    private static List<ProgressEvent> watch(byte[] image) {
        Map<String, String> accepted = Stack.upload(scanApi, image, "");
        TestClient client = TestClient.connect(URI.create(accepted.get("ws_url")));
        assertEquals(1000, client.awaitClose(), scanApi.log());
        assertTrue(client.frames().get(0).contains("\"step\":\"connected\""), client.frames().get(0));
        List<ProgressEvent> events = Stack.parse(client.events());
        AnalysisRun.assertComplete(client.events());
        return events;
    }

    private static ProgressEvent last(List<ProgressEvent> events) {
        return events.get(events.size() - 1);
    }
}
