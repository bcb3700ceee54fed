package com.scamscan.api.scan;

import static com.scamscan.api.scan.ScanApiIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.client.Multipart;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the internet uploads: each case gets its documented problem, and nothing is half-created (no task record,
 * no stored image, no queue entry; the only keys are the rate-limit counters). On a Redis of its own.
 */
class HostileUploadsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RedisFixture redis;
    private static ApplicationContext context;
    private static URI base;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> inspect;

    @BeforeAll
    static void start() {
        redis = RedisFixture.startNew();
        context = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "redis.uri", redis.uri(),
                "scamscan.agent.enabled", "false",
                "scamscan.scan.max-image-bytes", "2000000",
                "micronaut.server.max-request-size", "3MB",
                "micronaut.server.multipart.max-file-size", "3MB"));
        base = URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());
        client = RedisClient.create(redis.uri());
        inspect = client.connect();
    }

    @AfterAll
    static void stop() {
        inspect.close();
        client.shutdown();
        context.close();
        redis.close();
    }

    @AfterEach
    void nothingHalfCreated() {
        List<String> keys = inspect.sync().keys("*");
        assertTrue(keys.stream().allMatch(k -> k.startsWith("ratelimit:")), "left behind: " + keys);
        assertEquals("UP", health());
    }

    private static String health() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? "UP" : response.body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static HttpResponse<String> upload(byte[] image) throws Exception {
        Multipart body = new Multipart().file("image", "shot.png", "image/png", image);
        return send(body.contentType(), body.publisher());
    }

    private static HttpResponse<String> send(String contentType, HttpRequest.BodyPublisher body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/scan-image")).header("Content-Type", contentType).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void zeroBytesTruncatedAndHeaderOnlyImagesAre422() throws Exception {
        assertProblem(upload(new byte[0]), 422, "/problems/undecodable-image");
        byte[] png = Images.screenshot("png", "hello");
        assertProblem(upload(Arrays.copyOf(png, png.length / 2)), 422, "/problems/undecodable-image");
        byte[] jpeg = Images.screenshot("jpg", "hello");
        assertProblem(upload(Arrays.copyOf(jpeg, jpeg.length - 100)), 422, "/problems/undecodable-image");
        assertProblem(upload(Images.pngHeaderOnly(100, 100)), 422, "/problems/undecodable-image");
        assertProblem(upload(Arrays.copyOf(png, 20)), 422, "/problems/undecodable-image");
    }

    @Test
    void aHugePixelCountIsRefusedFromTheHeaderBeforeAnythingIsDecoded() throws Exception {
        assertProblem(upload(Images.pngHeaderOnly(30000, 30000)), 422, "/problems/too-many-pixels");
        assertProblem(upload(Images.pngHeaderOnly(Integer.MAX_VALUE, Integer.MAX_VALUE)), 422, "/problems/too-many-pixels");
        assertProblem(upload(Images.pngHeaderOnly(1, 0)), 422, "/problems/undecodable-image");
    }

    @Test
    void polyglotsAreRefused() throws Exception {
        byte[] png = Images.screenshot("png", "hello");
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        byte[] pngThenZip = Arrays.copyOf(png, png.length + zip.length);
        System.arraycopy(zip, 0, pngThenZip, png.length, zip.length);
        assertProblem(upload(pngThenZip), 422, "/problems/undecodable-image");
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII);
        byte[] pngThenHtml = Arrays.copyOf(png, png.length + html.length);
        System.arraycopy(html, 0, pngThenHtml, png.length, html.length);
        assertProblem(upload(pngThenHtml), 422, "/problems/undecodable-image");
        // a GIF header on a script: the classic GIF/JavaScript polyglot
        assertProblem(upload("GIF89a/*\u0001\u0001*/=alert(1)//".getBytes(StandardCharsets.ISO_8859_1)), 422, "/problems/undecodable-image");
    }

    @Test
    void theDeclaredTypeIsIgnoredAndTheBytesDecide() throws Exception {
        assertProblem(upload("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8)), 415, "/problems/unsupported-image-type");
        assertProblem(upload("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII)), 415, "/problems/unsupported-image-type");
        assertProblem(upload(new byte[] {'B', 'M', 0, 0, 0, 0}), 415, "/problems/unsupported-image-type");
    }

    @Test
    void malformedMultipartIs400Or415() throws Exception {
        assertEquals(400, send("multipart/form-data; boundary=abc", HttpRequest.BodyPublishers.ofString("garbage")).statusCode());
        assertEquals(400, send("multipart/form-data; boundary=abc",
                HttpRequest.BodyPublishers.ofString("--abc\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\nxx"))
                .statusCode());
        HttpResponse<String> noBoundary = send("multipart/form-data", HttpRequest.BodyPublishers.ofString("--x--"));
        assertEquals(400, noBoundary.statusCode(), noBoundary.body());
        assertEquals("application/problem+json", noBoundary.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<String> textOnly = send(new Multipart().field("text", "no image").contentType(),
                new Multipart().field("text", "no image").publisher());
        assertTrue(textOnly.statusCode() == 400, textOnly.body());
    }

    @Test
    void anOversizedBodyIsRefusedWhileItStreamsNotAfterBufferingItAll() throws Exception {
        // a chunked body (no length announced) that never ends: a server that waited for all of it would never answer
        try (Socket socket = new Socket("localhost", base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /scan-image HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=abc\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[65_536];
            Arrays.fill(chunk, (byte) 'x');
            long sent = 0;
            try {
                while (sent < 8_000_000 && socket.getInputStream().available() == 0) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent += chunk.length;
                }
            } catch (java.io.IOException closedByServer) {
                // it answered and closed while we were still sending: what it answered is what matters
            }
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 413"), "answered " + status + " after " + sent + " bytes");
        }
    }

    @Test
    void anImageOverTheByteLimitIs413() throws Exception {
        byte[] big = new byte[2_500_000];
        byte[] png = Images.screenshot("png", "hello");
        System.arraycopy(png, 0, big, 0, png.length);
        assertProblem(upload(big), 413, "/problems/image-too-large");
    }

    @Test
    void hugeOrBinaryTextIsRefused() throws Exception {
        Multipart tooLong = new Multipart().file("image", "a.png", "image/png", Images.screenshot("png", "hi"))
                .field("text", "x".repeat(10_001));
        assertProblem(send(tooLong.contentType(), tooLong.publisher()), 400, "/problems/bad-part");
        Multipart badRegion = new Multipart().file("image", "a.png", "image/png", Images.screenshot("png", "hi"))
                .field("region", "../../etc");
        assertProblem(send(badRegion.contentType(), badRegion.publisher()), 400, "/problems/bad-part");
    }

    @Test
    void anUploadFloodFromOneAddressGets429WithRetryAfter() throws Exception {
        RedisFixture own = RedisFixture.startNew();
        try (ApplicationContext limited = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "redis.uri", own.uri(),
                "scamscan.agent.enabled", "false",
                "scamscan.security.rate-limit.scans-per-window", "3",
                "scamscan.security.rate-limit.window", "60s"))) {
            URI limitedBase = URI.create("http://localhost:" + limited.getBean(EmbeddedServer.class).start().getPort());
            byte[] png = Images.screenshot("png", "hi");
            for (int i = 0; i < 3; i++) {
                Multipart body = new Multipart().file("image", "a.png", "image/png", png);
                HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(limitedBase.resolve("/scan-image"))
                        .header("Content-Type", body.contentType()).POST(body.publisher()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(202, accepted.statusCode(), accepted.body());
            }
            Multipart body = new Multipart().file("image", "a.png", "image/png", png);
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(limitedBase.resolve("/scan-image"))
                    .header("Content-Type", body.contentType()).header("X-Forwarded-For", "198.51.100.1")
                    .POST(body.publisher()).build(), HttpResponse.BodyHandlers.ofString());
            assertProblem(refused, 429, "/problems/rate-limited");
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            RedisClient check = RedisClient.create(own.uri());
            try (StatefulRedisConnection<String, String> c = check.connect()) {
                assertEquals(3L, c.sync().xlen("scan_stream"), "the refused upload queued nothing");
            } finally {
                check.shutdown();
            }
        } finally {
            own.close();
        }
    }

    @Test
    void corsAnswersAllowedOriginsOnlyAndTheTokenGuardsTaskStatus() throws Exception {
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(base.resolve("/scan-image"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("http://localhost:8080", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                preflight.headers().map().toString());
        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(base.resolve("/scan-image"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), foreign.headers().map().toString());

        String taskId = java.util.UUID.randomUUID().toString();
        assertProblem(get("/tasks/" + taskId), 401, "/problems/stream-token");
        assertProblem(get("/tasks/" + taskId + "?token=v1.1.forged"), 401, "/problems/stream-token");
        assertProblem(get("/tasks/..%2F..%2Fetc%2Fpasswd"), 400, "/problems/bad-task-id");
        assertProblem(get("/tasks/" + "a".repeat(65)), 400, "/problems/bad-task-id");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
