package com.scamscan.api.scan;

import static com.scamscan.api.scan.ScanApiIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.client.Multipart;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refused uploads, as a person meets them: every oversized upload gets the same {@code image-too-large} problem in
 * plain units, whether scan-api's own limit refused it or Micronaut's part or request limit did; a refused upload
 * does not use up the address's allowance; the operator's uncounted scans (./run's demo) are not counted. On a Redis
 * of its own.
 */
class UploadRefusalsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "an-operator-key-of-at-least-32-characters";

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
                "scamscan.scan.max-image-bytes", "1048576",
                "micronaut.server.multipart.max-file-size", "2MB",
                "micronaut.server.max-request-size", "3MB",
                "scamscan.security.rate-limit.scans-per-window", "2",
                "scamscan.security.rate-limit.window", "60s",
                "scamscan.scan.uncounted.key", KEY,
                // each test is its own client (X-Forwarded-For from the trusted local peer): the limiter remembers an
                // address it refused until the window ends, which a flush of Redis does not undo
                "scamscan.security.trusted-proxies", "127.0.0.1,::1"));
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

    private static final java.util.concurrent.atomic.AtomicInteger CLIENTS = new java.util.concurrent.atomic.AtomicInteger();
    private static String clientAddress;

    @BeforeEach
    void freshAllowance() {
        inspect.sync().flushall();
        clientAddress = "203.0.113." + CLIENTS.incrementAndGet();
    }

    @Test
    void everyOversizedUploadGetsTheSameProblemInPlainUnits() throws Exception {
        // over max-image-bytes: scan-api's own check
        tooLarge(multipart(image(1_572_864)), "The image is 1.5 MB; the limit is 1 MB");
        tooLarge(json(image(1_572_864)), "The image is 1.5 MB; the limit is 1 MB");
        // over the multipart part limit and over max-request-size: refused by Micronaut before any route runs
        tooLarge(multipart(image(2_621_440)), "The image is 2.5 MB; the limit is 1 MB");
        Multipart overRequest = new Multipart().file("image", "big.png", "image/png", image(3_670_016));
        tooLarge(raw(overRequest.contentType(), overRequest.bytes()), "The image is 3.5 MB; the limit is 1 MB");
        String overRequestJson = "{\"image\":\"" + Base64.getEncoder().encodeToString(image(3_145_728)) + "\"}";
        tooLarge(raw("application/json", overRequestJson.getBytes(StandardCharsets.US_ASCII)), "The image is 3 MB; the limit is 1 MB");
        // none of them counted
        assertTrue(inspect.sync().keys("ratelimit:*").stream().allMatch(k -> "0".equals(inspect.sync().get(k))),
                "refused uploads were counted: " + inspect.sync().keys("ratelimit:*"));
    }

    @Test
    void refusedUploadsDoNotUseUpTheAllowance() throws Exception {
        assertProblem(send(multipart(image(1_572_864))), 413, "/problems/image-too-large");
        Multipart notAnImage = new Multipart().file("image", "a.png", "image/png", "just text".getBytes());
        assertProblem(send(notAnImage), 415, "/problems/unsupported-image-type");
        assertProblem(send(new Multipart().field("text", "no image")), 400, "/problems/missing-part");
        Multipart badRegion = new Multipart().file("image", "a.png", "image/png", Images.screenshot("png", "hi")).field("region", "XX1");
        assertProblem(send(badRegion), 400, "/problems/bad-part");
        // the allowance is still whole: two scans, then the limit
        assertEquals(202, send(multipart(Images.screenshot("png", "one"))).statusCode());
        assertEquals(202, send(multipart(Images.screenshot("png", "two"))).statusCode());
        assertProblem(send(multipart(Images.screenshot("png", "three"))), 429, "/problems/rate-limited");
    }

    @Test
    void theOperatorsUncountedScansAreNotCounted() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> demo = send(multipart(Images.screenshot("png", "demo " + i)), UncountedScans.HEADER, KEY);
            assertEquals(202, demo.statusCode(), demo.body());
        }
        assertEquals(202, send(multipart(Images.screenshot("png", "one"))).statusCode());
        assertEquals(202, send(multipart(Images.screenshot("png", "two"))).statusCode());
        assertProblem(send(multipart(Images.screenshot("png", "three"))), 429, "/problems/rate-limited");
        // a wrong key is no key
        assertProblem(send(multipart(Images.screenshot("png", "four")), UncountedScans.HEADER, KEY + "x"), 429,
                "/problems/rate-limited");
    }

    private static void tooLarge(HttpRequest.Builder request, String detail) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(response, 413, "/problems/image-too-large");
        tooLarge(response.body(), detail);
    }

    private static void tooLarge(String body, String detail) {
        assertTrue(body.startsWith("{\"type\":\"/problems/image-too-large\""), body);
        assertTrue(body.contains("\"detail\":\"" + detail + "\""), body);
        assertFalse(body.contains("["), "framework wording: " + body);
    }

    /**
     * A POST over a plain socket, for bodies the server refuses before reading them: it answers while the body is
     * still being sent (java.net.http would wait to finish sending). Returns the response, status line to body.
     */
    private static String raw(String contentType, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /scan-image HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + clientAddress
                    + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                for (int at = 0; at < body.length && socket.getInputStream().available() == 0; at += 65_536) {
                    out.write(body, at, Math.min(65_536, body.length - at));
                }
            } catch (IOException closedByServer) {
                // it answered and closed while we were still sending: what it answered is what matters
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 413"), "answered " + status);
            int length = -1;
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            assertTrue(length > 0, "no Content-Length");
            char[] problem = new char[length]; // ASCII JSON: characters are bytes
            for (int read = 0; read < length; ) {
                int n = in.read(problem, read, length - read);
                assertTrue(n > 0, "the answer ended early");
                read += n;
            }
            return new String(problem);
        }
    }

    /** A PNG's first bytes, padded to {@code size}: judged by its size before anything else. */
    private static byte[] image(int size) {
        byte[] png = Images.screenshot("png", "hello");
        byte[] padded = new byte[size];
        System.arraycopy(png, 0, padded, 0, png.length);
        return padded;
    }

    private static HttpRequest.Builder multipart(byte[] image) {
        Multipart body = new Multipart().file("image", "big.png", "image/png", image);
        return HttpRequest.newBuilder(base.resolve("/scan-image")).header("Content-Type", body.contentType())
                .header("X-Forwarded-For", clientAddress).POST(body.publisher());
    }

    private static HttpRequest.Builder json(byte[] image) {
        String body = "{\"image\":\"" + Base64.getEncoder().encodeToString(image) + "\"}";
        return HttpRequest.newBuilder(base.resolve("/scan-image")).header("Content-Type", "application/json")
                .header("X-Forwarded-For", clientAddress).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String... headers) throws Exception {
        if (headers.length > 0) {
            request.header(headers[0], headers[1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(Multipart body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/scan-image")).header("Content-Type", body.contentType())
                .header("X-Forwarded-For", clientAddress).POST(body.publisher());
        return send(request, headers);
    }
}
