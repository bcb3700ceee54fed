package com.scamscan.api.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.images.Images;
import com.scamscan.security.StreamTokens;
import com.scamscan.testing.client.Multipart;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScanApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern TOKEN = Pattern.compile("\"status_url\":\"/tasks/[^?]+\\?token=([^\"]+)\"");
    private static final Pattern TASK_ID = Pattern.compile("\"task_id\":\"([0-9a-f-]{36})\"");

    private static ApplicationContext context;
    private static URI base;
    private static RedisClient client;
    private static StatefulRedisConnection<String, byte[]> redis;

    @BeforeAll
    static void start() {
        RedisFixture fixture = RedisFixture.shared();
        context = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "redis.uri", fixture.uri(),
                "scamscan.agent.enabled", "false",
                "scamscan.scan.max-image-bytes", "200000",
                "scamscan.scan.gateway-url", "wss://gateway.example/"));
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        base = URI.create("http://localhost:" + server.getPort());
        client = RedisClient.create(fixture.uri());
        redis = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    @AfterAll
    static void stop() {
        redis.close();
        client.shutdown();
        context.close();
    }

    @Test
    void servesTheDemoPageAndTheJavaScriptClient() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html", page.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(page.body().contains("<form id=\"scan-form\""), page.body());
        HttpResponse<String> module = get("/scamscan-client.js");
        assertEquals(200, module.statusCode());
        assertEquals("application/javascript", module.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(module.body().contains("export class ProgressStream"));
        // the API's own routes win over the static files, and a missing file is a problem, not a page
        assertEquals(401, get("/tasks/no-such-task").statusCode());
        HttpResponse<String> missing = get("/no-such-file.js");
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void acceptedScanIsRegisteredStoredAndQueuedTogether() throws Exception {
        byte[] png = Images.screenshot("png", "Your parcel is held.", "Pay at http://dhl-fees.top/pay");
        HttpResponse<String> response = post(new Multipart()
                .file("image", "shot.png", "image/png", png)
                .field("text", "Your parcel is held")
                .field("region", "gb"));

        assertEquals(202, response.statusCode(), response.body());
        String taskId = taskIdOf(response.body());
        String token = tokenOf(response.body());
        assertEquals(StreamTokens.Verdict.VALID, context.getBean(StreamTokens.class).verify(taskId, token));
        assertEquals("/tasks/" + taskId + "?token=" + token, response.headers().firstValue("Location").orElseThrow());
        assertEquals("{\"task_id\":\"" + taskId + "\",\"ws_url\":\"wss://gateway.example/ws/agent-progress/" + taskId
                + "?token=" + token + "\",\"status_url\":\"/tasks/" + taskId + "?token=" + token + "\",\"sse_url\":"
                + "\"https://gateway.example/sse/agent-progress/" + taskId + "?token=" + token + "\"}", response.body());

        assertEquals("queued", string(redis.sync().hget("task:" + taskId, "status")));
        assertArrayEquals(png, redis.sync().hget("scan_input:" + taskId, "image"));
        assertEquals("PNG", string(redis.sync().hget("scan_input:" + taskId, "image_type")));
        assertEquals("Your parcel is held", string(redis.sync().hget("scan_input:" + taskId, "text")));
        assertEquals("GB", string(redis.sync().hget("scan_input:" + taskId, "region")));
        String entry = string(redis.sync().hget("task:" + taskId, "queue_entry"));
        assertTrue(Arrays.equals(taskId.getBytes(), redis.sync().xrange("scan_stream", io.lettuce.core.Range.create(entry, entry))
                .get(0).getBody().get("task_id")), "queued on the scan stream, the entry's id in the task record");
        assertTrue(redis.sync().ttl("scan_input:" + taskId) > 0);
    }

    @Test
    void aValidTokenIsRenewedForTheDataLifetimeAndAForeignOneIsNot() throws Exception {
        String body = post(new Multipart().file("image", "a.png", "image/png", Images.screenshot("png", "hi"))).body();
        String taskId = taskIdOf(body);
        HttpResponse<String> renewed = get("/tasks/" + taskId + "/stream-token?token=" + tokenOf(body));
        assertEquals(200, renewed.statusCode(), renewed.body());
        java.util.regex.Matcher fields = Pattern.compile("\\{\"token\":\"([^\"]+)\",\"expires_at\":\"([^\"]+)\","
                + "\"ws_url\":\"wss?://[^\"]+/ws/agent-progress/" + taskId + "\\?token=\\1\","
                + "\"status_url\":\"/tasks/" + taskId + "\\?token=\\1\","
                + "\"sse_url\":\"https?://[^\"]+/sse/agent-progress/" + taskId + "\\?token=\\1\"}").matcher(renewed.body());
        assertTrue(fields.matches(), renewed.body());
        java.time.Duration lifetime = java.time.Duration.between(java.time.Instant.now(), java.time.Instant.parse(fields.group(2)));
        assertTrue(lifetime.compareTo(java.time.Duration.ofHours(23)) > 0, "as long as the task's data by default: " + lifetime);
        assertEquals(200, get("/tasks/" + taskId + "?token=" + fields.group(1)).statusCode(), "the new token works");

        String other = taskIdOf(post(new Multipart().file("image", "a.png", "image/png", Images.screenshot("png", "hi"))).body());
        HttpResponse<String> foreign = get("/tasks/" + other + "/stream-token?token=" + tokenOf(body));
        assertEquals(401, foreign.statusCode(), "another task's token renews nothing");
        assertEquals(401, get("/tasks/" + taskId + "/stream-token").statusCode());
    }

    @Test
    void statusOfAQueuedTask() throws Exception {
        String body = post(new Multipart().file("image", "a.png", "image/png", Images.screenshot("png", "hi"))).body();
        String taskId = taskIdOf(body);
        HttpResponse<String> status = get("/tasks/" + taskId + "?token=" + tokenOf(body));
        assertEquals(200, status.statusCode());
        HttpResponse<String> bearer = HTTP.send(HttpRequest.newBuilder(base.resolve("/tasks/" + taskId))
                .header("Authorization", "Bearer " + tokenOf(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status.body(), bearer.body());
        assertTrue(status.body().matches("\\{\"task_id\":\"" + taskId + "\",\"status\":\"queued\",\"percent\":0,\"seq\":0,"
                + "\"created_at\":\"[^\"]+Z\",\"updated_at\":\"[^\"]+Z\"}"), status.body());
    }

    @Test
    void statusOfARecordAnotherSystemWroteIsReadLenientlyOrRefusedAsUnreadableNotAsRedisDown() throws Exception {
        String lenient = com.scamscan.task.TaskId.random();
        redis.sync().hset("task:" + lenient, java.util.Map.of("status", "working".getBytes(), "percent", "12.5".getBytes(),
                "seq", "4".getBytes(), "created_at", "2026-11-25T10:00:00Z".getBytes()));
        String token = context.getBean(com.scamscan.security.StreamTokens.class).issue(lenient);
        HttpResponse<String> read = get("/tasks/" + lenient + "?token=" + token);
        assertEquals(200, read.statusCode(), read.body());
        assertEquals("{\"task_id\":\"" + lenient + "\",\"status\":\"running\",\"percent\":12,\"seq\":4,"
                + "\"created_at\":\"2026-11-25T10:00:00.000Z\",\"updated_at\":\"2026-11-25T10:00:00.000Z\"}", read.body());

        String broken = com.scamscan.task.TaskId.random();
        redis.sync().hset("task:" + broken, java.util.Map.of("status", "running".getBytes(), "seq", "4.0.1".getBytes()));
        HttpResponse<String> refused = get("/tasks/" + broken + "?token="
                + context.getBean(com.scamscan.security.StreamTokens.class).issue(broken));
        assertEquals(500, refused.statusCode(), refused.body());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        assertTrue(refused.body().contains("\"type\":\"/problems/task-record-unreadable\""), refused.body());
        assertTrue(refused.body().contains("unreadable seq"), refused.body());
    }

    @Test
    void everyAcceptedTypeIsRecognisedByItsBytesNotItsName() throws Exception {
        assertEquals(202, post(new Multipart().file("image", "x.bin", "application/octet-stream",
                Images.screenshot("jpg", "jpeg"))).statusCode());
        assertEquals(202, post(new Multipart().file("image", "x.png", "image/png",
                Images.screenshot("gif", "gif"))).statusCode());
        assertEquals(202, post(new Multipart().file("image", "x.webp", "image/webp", Images.WEBP_1X1)).statusCode());
        String taskId = taskIdOf(post(new Multipart().file("image", "photo.jpg", "image/jpeg",
                Images.screenshot("png", "really a png"))).body());
        assertEquals("PNG", string(redis.sync().hget("scan_input:" + taskId, "image_type")));
    }

    @Test
    void missingImageIs400() throws Exception {
        assertProblem(post(new Multipart().field("text", "no image")), 400, "/problems/missing-part");
    }

    @Test
    void imageOverTheLimitIs413() throws Exception {
        byte[] big = Arrays.copyOf(Images.screenshot("png", "x"), 200_001);
        assertProblem(post(new Multipart().file("image", "big.png", "image/png", big)), 413, "/problems/image-too-large");
    }

    @Test
    void somethingElseDressedAsAnImageIs415() throws Exception {
        byte[] text = "<html><script>alert(1)</script></html>".getBytes();
        assertProblem(post(new Multipart().file("image", "shot.png", "image/png", text)), 415, "/problems/unsupported-image-type");
    }

    @Test
    void truncatedImageIs422() throws Exception {
        byte[] png = Images.screenshot("png", "x");
        assertProblem(post(new Multipart().file("image", "cut.png", "image/png", Arrays.copyOf(png, 20))), 422,
                "/problems/undecodable-image");
        assertProblem(post(new Multipart().file("image", "empty.png", "image/png", new byte[0])), 422,
                "/problems/undecodable-image");
    }

    @Test
    void hugePixelCountIsRefusedFromTheHeaderAlone() throws Exception {
        HttpResponse<String> response = post(new Multipart().file("image", "bomb.png", "image/png",
                Images.pngHeaderOnly(30000, 30000)));
        assertProblem(response, 422, "/problems/too-many-pixels");
        assertTrue(response.body().contains("30000x30000"), response.body());
    }

    @Test
    void badTextOrRegionIs400() throws Exception {
        byte[] png = Images.screenshot("png", "x");
        assertProblem(post(new Multipart().file("image", "a.png", "image/png", png).field("text", "x".repeat(10_001))),
                400, "/problems/bad-part");
        assertProblem(post(new Multipart().file("image", "a.png", "image/png", png).field("region", "XX")),
                400, "/problems/bad-part");
    }

    @Test
    void refusedUploadsLeaveNothingBehind() throws Exception {
        long queued = redis.sync().xlen("scan_stream");
        long keys = redis.sync().dbsize();
        post(new Multipart().file("image", "bomb.png", "image/png", Images.pngHeaderOnly(30000, 30000)));
        post(new Multipart().file("image", "x.png", "image/png", "nope".getBytes()));
        post(new Multipart().field("text", "only text"));
        assertEquals(queued, redis.sync().xlen("scan_stream"));
        assertEquals(keys, redis.sync().dbsize());
    }

    @Test
    void unknownOrMalformedTaskIs404Or400() throws Exception {
        String unknown = java.util.UUID.randomUUID().toString();
        assertProblem(get("/tasks/" + unknown + "?token=" + context.getBean(StreamTokens.class).issue(unknown)), 404,
                "/problems/task-not-found");
        assertProblem(get("/tasks/not%20valid"), 400, "/problems/bad-task-id");
    }

    @Test
    void frameworkErrorsAreProblemsToo() throws Exception {
        HttpResponse<String> response = get("/no-such-route");
        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<String> wrongType = HTTP.send(HttpRequest.newBuilder(base.resolve("/scan-image"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, wrongType.statusCode(), wrongType.body());
        assertEquals("application/problem+json", wrongType.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void theJsonFormIsTheSameScanWithTheImageInBase64() throws Exception {
        byte[] png = Images.screenshot("png", "Your parcel is held.");
        HttpResponse<String> response = postJson("{\"image\":\"" + java.util.Base64.getEncoder().encodeToString(png)
                + "\",\"text\":\"Your parcel is held\",\"region\":\"gb\"}");
        assertEquals(202, response.statusCode(), response.body());
        String taskId = taskIdOf(response.body());
        assertArrayEquals(png, redis.sync().hget("scan_input:" + taskId, "image"));
        assertEquals("GB", string(redis.sync().hget("scan_input:" + taskId, "region")));
        assertProblem(postJson("{}"), 400, "/problems/missing-part");
        assertProblem(postJson("{\"image\":\"%%%\"}"), 400, "/problems/bad-part");
        assertProblem(postJson("{\"image\":\"" + java.util.Base64.getEncoder().encodeToString("GIF89a?".getBytes())
                + "\"}"), 422, "/problems/undecodable-image");
        assertProblem(postJson("{\"image\":\"" + java.util.Base64.getEncoder().encodeToString(png) + "\",\"region\":\"XX\"}"),
                400, "/problems/bad-part");
    }

    static HttpResponse<String> postJson(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/scan-image"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(Multipart multipart) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/scan-image"))
                .header("Content-Type", multipart.contentType()).POST(multipart.publisher()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().startsWith("{\"type\":\"" + type + "\",\"title\":\""), response.body());
        assertTrue(response.body().contains("\"status\":" + status), response.body());
    }

    static String tokenOf(String body) {
        Matcher m = TOKEN.matcher(body);
        assertTrue(m.find(), body);
        return m.group(1);
    }

    static String taskIdOf(String body) {
        Matcher m = TASK_ID.matcher(body);
        assertTrue(m.find(), body);
        return m.group(1);
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
