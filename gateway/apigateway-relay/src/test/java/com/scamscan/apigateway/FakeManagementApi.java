package com.scamscan.apigateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local stand-in for API Gateway's management API: {@code POST /@connections/{id}} (PostToConnection) and
 * {@code DELETE /@connections/{id}}. Every call must carry a valid AWS Signature Version 4 for service
 * {@code execute-api} with the test credentials; the signature is recomputed here, and a call that fails the check
 * is answered 403 and counted. Connections named in {@link #gone} answer 410.
 */
final class FakeManagementApi implements AutoCloseable {

    static final String ACCESS_KEY = "AKIDSCAMSCANTEST";
    static final String SECRET_KEY = "scamscan-test-secret-key";
    static final String REGION = "eu-west-1";

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");

    private final HttpServer server;
    final Map<String, List<String>> posted = new ConcurrentHashMap<>();
    final List<String> deleted = new CopyOnWriteArrayList<>();
    final List<String> badSignatures = new CopyOnWriteArrayList<>();
    final Set<String> gone = ConcurrentHashMap.newKeySet();
    /** Posts being answered now, and the most there ever were at once. */
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    /** While set, posts wait for it before they are answered. */
    volatile CountDownLatch hold;

    FakeManagementApi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/test";
    }

    List<String> postedTo(String connectionId) {
        return posted.getOrDefault(connectionId, List.of());
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String rawPath = exchange.getRequestURI().getRawPath();
        String problem = signatureProblem(exchange, rawPath, body);
        if (problem != null) {
            badSignatures.add(exchange.getRequestMethod() + " " + rawPath + ": " + problem);
            respond(exchange, 403, "{\"message\":\"" + problem + "\"}");
            return;
        }
        String prefix = "/test/@connections/";
        if (!rawPath.startsWith(prefix)) {
            respond(exchange, 404, "{}");
            return;
        }
        String connectionId = URLDecoder.decode(rawPath.substring(prefix.length()), StandardCharsets.UTF_8);
        if (gone.contains(connectionId)) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "GoneException");
            respond(exchange, 410, "{\"message\":\"Gone\"}");
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "POST" -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    CountDownLatch gate = hold;
                    if (gate != null && !gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("held for 30 s");
                    }
                    posted.computeIfAbsent(connectionId, id -> new CopyOnWriteArrayList<>()).add(new String(body, StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.decrementAndGet();
                }
                respond(exchange, 200, "");
            }
            case "DELETE" -> {
                deleted.add(connectionId);
                respond(exchange, 204, null);
            }
            default -> respond(exchange, 405, "{}");
        }
    }

    /** Recomputes the request's SigV4 signature; null when it is right, else what is wrong. */
    private static String signatureProblem(HttpExchange exchange, String rawPath, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        if (authorization == null || amzDate == null) {
            return "unsigned";
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            return "malformed Authorization";
        }
        if (!ACCESS_KEY.equals(m.group(1)) || !REGION.equals(m.group(3)) || !"execute-api".equals(m.group(4))
                || !amzDate.startsWith(m.group(2))) {
            return "wrong credential scope " + m.group(1) + "/" + m.group(2) + "/" + m.group(3) + "/" + m.group(4);
        }
        String signedHeaders = m.group(5);
        TreeMap<String, String> headers = new TreeMap<>();
        for (String name : signedHeaders.split(";")) {
            List<String> values = exchange.getRequestHeaders().get(name);
            if (values == null) {
                return "signed header missing: " + name;
            }
            headers.put(name, String.join(",", values).trim().replaceAll("\\s+", " "));
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
        String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
        String canonicalRequest = exchange.getRequestMethod() + "\n" + canonicalUri(rawPath) + "\n" + query + "\n"
                + canonicalHeaders + "\n" + signedHeaders + "\n" + hex(sha256(body));
        String scope = m.group(2) + "/" + m.group(3) + "/" + m.group(4) + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), m.group(2));
        key = hmac(key, m.group(3));
        key = hmac(key, m.group(4));
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        return expected.equals(m.group(6)) ? null : "signature mismatch";
    }

    /** SigV4's URI encoding of the path as sent (services other than S3 encode the encoded path once more). */
    private static String canonicalUri(String rawPath) {
        StringBuilder out = new StringBuilder();
        for (byte b : rawPath.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~/".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
        exchange.close();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    List<String> allPosted() {
        List<String> all = new ArrayList<>();
        posted.values().forEach(all::addAll);
        return all;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
