package com.scamscan.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.events.AnalysisRun;
import com.scamscan.testing.process.AppProcess;
import com.scamscan.testing.redis.RedisFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serverless path end to end: scan-api's Lambda handler (in a fresh JVM on the packaged jar, fed API Gateway
 * HTTP API events by {@code LocalInvoke}) accepts a real screenshot sent as a base64-encoded multipart body; the agent
 * runs as its own worker process ({@code scamscan.mode=worker}) on the same Redis; the gateway streams the task.
 */
class ServerlessIT {

    private static final Pattern WS_URL = Pattern.compile("\\\\?\"ws_url\\\\?\":\\\\?\"([^\"\\\\]+)");

    private static AppProcess gateway;
    private static AppProcess worker;
    private static String redis;

    @BeforeAll
    static void start() {
        redis = RedisFixture.shared().uri();
        gateway = AppProcess.start("gateway", Map.of("redis.uri", redis));
        worker = AppProcess.start("scan-api", Map.of("redis.uri", redis, "scamscan.mode", "worker"));
    }

    @AfterAll
    static void stop() {
        worker.close();
        gateway.close();
    }

    @Test
    void theFunctionAcceptsAMultipartUploadAndTheWorkerAnalysesItWhileTheGatewayStreams() throws Exception {
        Path screenshot = Path.of(System.getProperty("scamscan.root"), "samples", "phishing-sms.png");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dredis.uri=" + redis,
                "-Dscamscan.security.stream-token.secret=" + AppProcess.TOKEN_SECRET,
                "-Dscamscan.scan.gateway-url=ws://localhost:" + gateway.port(),
                "-cp", System.getProperty("scamscan.scan-api.jar"), "com.scamscan.api.lambda.LocalInvoke",
                "scan", screenshot.toString(), "Your parcel is held", "status"));
        ProcessRun run = ProcessRun.run(new ProcessBuilder(command), line -> { });
        assertEquals(0, run.exitCode(), run.all());
        List<String> responses = run.out().stream().filter(l -> l.startsWith("{\"request\":")).toList();
        assertEquals(2, responses.size(), run.all());
        assertTrue(responses.get(0).contains("\"status\":202"), responses.get(0));
        assertTrue(responses.get(1).contains("\"status\":200"), responses.get(1));
        assertTrue(run.out().stream().anyMatch(l -> l.startsWith("{\"jvm_to_main_ms\":") && l.contains("\"first_response_ms\":")),
                run.all());

        Matcher wsUrl = WS_URL.matcher(responses.get(0));
        assertTrue(wsUrl.find(), responses.get(0));
        TestClient client = TestClient.connect(URI.create(wsUrl.group(1)));
        assertEquals(1000, client.awaitClose(), worker.log());
        AnalysisRun.assertComplete(client.events());
        List<ProgressEvent> events = Stack.parse(client.events());
        assertEquals(VerdictLabel.SCAM, events.get(events.size() - 1).verdict().label(), events.toString());
    }

    @Test
    void theWorkerServesHealthButNoApi() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(200, http.send(HttpRequest.newBuilder(worker.http("/health")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(worker.http("/scan-image"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, upload.statusCode(), upload.body());
        assertEquals(404, http.send(HttpRequest.newBuilder(worker.http("/")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode(), "no page either");
    }
}
