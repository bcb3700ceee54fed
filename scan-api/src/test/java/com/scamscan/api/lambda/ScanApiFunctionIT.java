package com.scamscan.api.lambda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.scamscan.api.agent.AnalysisAgent;
import com.scamscan.api.agent.scamdb.ScamDbLoader;
import com.scamscan.api.agent.text.TesseractOcr;
import com.scamscan.api.worker.ScanWorkers;
import com.scamscan.redis.RedisNames;
import com.scamscan.testing.process.AppProcess;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * scan-api's Lambda handler, invoked in-process with API Gateway HTTP API (payload 2.0) events as API Gateway builds
 * them, on a real Redis: the multipart upload base64-encoded, the JSON form, the status route, the same problems.
 */
class ScanApiFunctionIT {

    private static final Pattern TASK = Pattern.compile("\"task_id\":\"([^\"]+)\",\"ws_url\":\"([^\"]+)\",\"status_url\":\"([^\"]+)\"");
    private static final Map<String, String> PROPERTIES = Map.of(
            "scamscan.security.stream-token.secret", AppProcess.TOKEN_SECRET,
            "scamscan.security.rate-limit.scans-per-window", "0",
            "scamscan.scan.gateway-url", "wss://gateway.example",
            "scamscan.scan.max-image-bytes", "200000");
    private static final byte[] SCREENSHOT = read("../samples/phishing-sms.png");

    private static ScanApiFunction function;
    private static RedisClient client;
    private static StatefulRedisConnection<String, byte[]> redis;
    private static final RedisNames NAMES = RedisNames.standalone();

    @BeforeAll
    static void start() {
        String uri = RedisFixture.shared().uri();
        // the function builds its own application context, as on Lambda: configuration comes from the environment
        System.setProperty("redis.uri", uri);
        PROPERTIES.forEach(System::setProperty);
        function = new ScanApiFunction();
        client = RedisClient.create(uri);
        redis = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    @AfterAll
    static void stop() {
        if (function != null) {
            function.close();
        }
        System.clearProperty("redis.uri");
        PROPERTIES.keySet().forEach(System::clearProperty);
        if (client != null) {
            redis.close();
            client.shutdown();
        }
    }

    @Test
    void aMultipartUploadArrivesBase64EncodedAndIsQueued() {
        APIGatewayV2HTTPResponse response = invoke(HttpApiEvents.multipart("/scan-image", SCREENSHOT, "phishing-sms.png",
                "image/png", Map.of("text", "Your parcel is held", "region", "gb"), "203.0.113.9"));
        assertEquals(202, response.getStatusCode(), response.getBody());
        Matcher accepted = accepted(response);
        String taskId = accepted.group(1);
        assertTrue(accepted.group(2).startsWith("wss://gateway.example/ws/agent-progress/" + taskId + "?token=v1."), accepted.group(2));
        assertEquals(accepted.group(3), header(response, "location"));
        assertArrayEquals(SCREENSHOT, redis.sync().hget(NAMES.scanInput(taskId), "image"), "the image bytes, decoded once");
        assertEquals("Your parcel is held", text(redis.sync().hget(NAMES.scanInput(taskId), "text")));
        assertEquals("GB", text(redis.sync().hget(NAMES.scanInput(taskId), "region")));
        assertEquals("queued", text(redis.sync().hget(NAMES.task(taskId), "status")));
        assertTrue(queued().contains(taskId));
    }

    @Test
    void theJsonFormTakesTheImageInBase64EvenWrappedOrAsADataUrl() {
        String wrapped = Base64.getMimeEncoder().encodeToString(SCREENSHOT); // 76-character lines
        for (String image : List.of(Base64.getEncoder().encodeToString(SCREENSHOT), wrapped.replace("\r\n", "\\n"),
                "data:image/png;base64," + Base64.getEncoder().encodeToString(SCREENSHOT))) {
            APIGatewayV2HTTPResponse response = invoke(HttpApiEvents.json("/scan-image",
                    "{\"image\":\"" + image + "\",\"text\":\"Pay now\"}", "203.0.113.9"));
            assertEquals(202, response.getStatusCode(), response.getBody());
            String taskId = accepted(response).group(1);
            assertArrayEquals(SCREENSHOT, redis.sync().hget(NAMES.scanInput(taskId), "image"));
            assertEquals("", text(redis.sync().hget(NAMES.scanInput(taskId), "region")), "no region named: the analysis settles it");
        }
    }

    @Test
    void theStatusRouteAnswersWithTheTokenAndOnlyWithIt() {
        Matcher accepted = accepted(invoke(HttpApiEvents.json("/scan-image",
                "{\"image\":\"" + Base64.getEncoder().encodeToString(SCREENSHOT) + "\"}", "203.0.113.9")));
        APIGatewayV2HTTPResponse status = invoke(HttpApiEvents.get(accepted.group(3), "203.0.113.9"));
        assertEquals(200, status.getStatusCode(), status.getBody());
        assertTrue(body(status).contains("\"task_id\":\"" + accepted.group(1) + "\""), body(status));
        assertTrue(body(status).contains("\"status\":\"queued\""), body(status));
        APIGatewayV2HTTPResponse refused = invoke(HttpApiEvents.get("/tasks/" + accepted.group(1), "203.0.113.9"));
        assertProblem(refused, 401, "stream-token");
    }

    @Test
    void behindANamedStageTheLinksCarryTheStageAndLeadBackToTheTask() {
        String host = "abc123defg.execute-api.eu-west-1.amazonaws.com";
        String body = "{\"image\":\"" + Base64.getEncoder().encodeToString(SCREENSHOT) + "\"}";
        APIGatewayV2HTTPResponse response = invoke(HttpApiEvents.onStage(HttpApiEvents.json("/scan-image", body, "203.0.113.9"),
                "prod", host));
        assertEquals(202, response.getStatusCode(), response.getBody());
        Matcher accepted = accepted(response);
        String taskId = accepted.group(1);
        String statusUrl = accepted.group(3);
        assertTrue(statusUrl.startsWith("/prod/tasks/" + taskId + "?token=v1."), statusUrl);
        assertEquals(statusUrl, header(response, "location"));
        assertTrue(accepted.group(2).startsWith("wss://gateway.example/ws/agent-progress/" + taskId + "?token="),
                "the stream is the gateway's, not behind the stage: " + accepted.group(2));

        APIGatewayV2HTTPResponse status = invoke(HttpApiEvents.onStage(
                HttpApiEvents.get(statusUrl.substring("/prod".length()), "203.0.113.9"), "prod", host));
        assertEquals(200, status.getStatusCode(), body(status));
        assertTrue(body(status).contains("\"task_id\":\"" + taskId + "\""), body(status));

        String token = statusUrl.substring(statusUrl.indexOf("?token=") + "?token=".length());
        APIGatewayV2HTTPResponse renewed = invoke(HttpApiEvents.onStage(
                HttpApiEvents.get("/tasks/" + taskId + "/stream-token?token=" + token, "203.0.113.9"), "prod", host));
        assertEquals(200, renewed.getStatusCode(), body(renewed));
        assertTrue(body(renewed).contains("\"status_url\":\"/prod/tasks/" + taskId + "?token="), body(renewed));
    }

    @Test
    void behindACustomDomainTheStageIsNotInThePathAndTheLinksHaveNone() {
        APIGatewayV2HTTPEvent event = HttpApiEvents.json("/scan-image",
                "{\"image\":\"" + Base64.getEncoder().encodeToString(SCREENSHOT) + "\"}", "203.0.113.9");
        event.getRequestContext().setStage("prod"); // an API mapping of api.example to the stage: no segment in the path
        APIGatewayV2HTTPResponse response = invoke(event);
        assertEquals(202, response.getStatusCode(), response.getBody());
        Matcher accepted = accepted(response);
        assertTrue(accepted.group(3).startsWith("/tasks/" + accepted.group(1) + "?token="), accepted.group(3));
        assertEquals(accepted.group(3), header(response, "location"));
    }

    @Test
    void badInputGetsTheSameProblemsAndLeavesNothingBehind() {
        long before = queued().size();
        assertProblem(invoke(HttpApiEvents.json("/scan-image", "{\"text\":\"no image\"}", "203.0.113.9")), 400, "missing-part");
        assertProblem(invoke(HttpApiEvents.json("/scan-image", "{\"image\":\"***not base64***\"}", "203.0.113.9")), 400, "bad-part");
        assertProblem(invoke(HttpApiEvents.json("/scan-image", "{\"image\":\"" + "A".repeat(300_000) + "\"}", "203.0.113.9")),
                413, "image-too-large");
        assertProblem(invoke(HttpApiEvents.multipart("/scan-image", "just text".getBytes(StandardCharsets.UTF_8), "a.png",
                "image/png", Map.of(), "203.0.113.9")), 415, "unsupported-image-type");
        assertProblem(invoke(HttpApiEvents.json("/scan-image", "{\"image\":", "203.0.113.9")), 400, null);
        assertProblem(invoke(HttpApiEvents.binary("POST", "/scan-image", "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\nunterminated"
                        .getBytes(StandardCharsets.UTF_8), "203.0.113.9")), 400, null); // a cut-off part is no part
        assertProblem(invoke(HttpApiEvents.binary("POST", "/scan-image", "multipart/form-data", SCREENSHOT, "203.0.113.9")),
                400, "bad-part");
        assertProblem(invoke(HttpApiEvents.binary("POST", "/scan-image", "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nno image\r\n--xyz--\r\n"
                        .getBytes(StandardCharsets.UTF_8), "203.0.113.9")), 400, "missing-part");
        assertEquals(before, queued().size(), "no refused scan was queued");
    }

    @Test
    void theRateLimitCountsTheSourceAddressApiGatewaySaw() {
        String limit = "scamscan.security.rate-limit.scans-per-window";
        System.setProperty(limit, "2");
        ScanApiFunction limited = new ScanApiFunction();
        System.setProperty(limit, "0");
        try {
            String body = "{\"image\":\"" + Base64.getEncoder().encodeToString(SCREENSHOT) + "\"}";
            String first = "192.0.2." + (10 + (int) (Math.random() * 200)); // addresses of this run only
            String second = "198.18.0." + (10 + (int) (Math.random() * 200));
            assertEquals(202, limited.handleRequest(HttpApiEvents.json("/scan-image", body, first), new MockLambdaContext()).getStatusCode());
            assertEquals(202, limited.handleRequest(HttpApiEvents.json("/scan-image", body, first), new MockLambdaContext()).getStatusCode());
            APIGatewayV2HTTPResponse third = limited.handleRequest(HttpApiEvents.json("/scan-image", body, first), new MockLambdaContext());
            assertProblem(third, 429, "rate-limited");
            assertTrue(header(third, "retry-after") != null, third.getHeaders().toString());
            assertEquals(202, limited.handleRequest(HttpApiEvents.json("/scan-image", body, second), new MockLambdaContext())
                    .getStatusCode(), "another address has its own allowance");
        } finally {
            limited.close();
        }
    }

    @Test
    void nothingOfTheAgentIsCreatedOnTheApiPath() {
        invoke(HttpApiEvents.get("/health", "203.0.113.9"));
        ApplicationContext context = function.getApplicationContext();
        assertFalse(context.containsBean(ScanWorkers.class), "no workers in the function");
        assertFalse(context.containsBean(ScamDbLoader.class), "no feed import in the function");
        for (Class<?> type : List.of(TesseractOcr.class, AnalysisAgent.class)) {
            assertTrue(context.getActiveBeanRegistrations(type).isEmpty(), type.getSimpleName() + " was created");
        }
    }

    private static APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
        return function.handleRequest(event, new MockLambdaContext());
    }

    private static Matcher accepted(APIGatewayV2HTTPResponse response) {
        Matcher m = TASK.matcher(body(response));
        assertTrue(m.find(), body(response));
        return m;
    }

    private static void assertProblem(APIGatewayV2HTTPResponse response, int status, String type) {
        assertEquals(status, response.getStatusCode(), body(response));
        assertEquals("application/problem+json", header(response, "content-type"));
        if (type != null) {
            assertTrue(body(response).contains("\"type\":\"/problems/" + type + "\""), body(response));
        }
    }

    private static String body(APIGatewayV2HTTPResponse response) {
        String body = response.getBody() == null ? "" : response.getBody();
        return response.getIsBase64Encoded() ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        return response.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static List<String> queued() {
        return redis.sync().xrange(NAMES.scanStream(), io.lettuce.core.Range.create("-", "+")).stream()
                .map(m -> text(m.getBody().get("task_id"))).toList();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] read(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
