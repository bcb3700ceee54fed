package com.scamscan.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link ScanApiFunction} in this JVM as Lambda would, on API Gateway HTTP API events, and measures its cold
 * start: a fresh JVM, the handler class loaded and constructed on the first request, as on Lambda.
 *
 * <pre>
 * java -Dredis.uri=redis://localhost:6379 -Dscamscan.security.stream-token.secret=... \
 *      -cp scan-api/target/scan-api-0.1.0-SNAPSHOT.jar com.scamscan.api.lambda.LocalInvoke \
 *      scan samples/phishing-sms.png "Your parcel is held" status
 * </pre>
 * Requests: {@code scan FILE [TEXT]} (multipart, base64-encoded as API Gateway sends it), {@code scan-json FILE [TEXT]}
 * (the JSON form), {@code status} (GET the previous scan's {@code status_url}), {@code get PATH}. Prints one JSON line
 * per response, then one with the timings: {@code jvm_to_main_ms} (JVM start to this class's {@code main}),
 * {@code init_ms} ({@code main} to the handler constructed: class loading, the application context, Redis connected)
 * and {@code first_response_ms} ({@code main} to the first response). Exits 0 when every response was below 500, 1
 * when one was not, 2 when the run itself failed. Every run counts against the per-address scan limit (one address,
 * 198.51.100.7): for repeated runs set {@code -Dscamscan.security.rate-limit.scans-per-window=0}.
 */
public final class LocalInvoke {

    private static final Pattern STATUS_URL = Pattern.compile("\"status_url\":\"([^\"]+)\"");
    private static final String SOURCE_IP = "198.51.100.7";

    private LocalInvoke() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (RuntimeException | IOException e) {
            System.err.println("local invoke failed: " + e);
            status = 2;
        }
        System.exit(status); // Lettuce's and Netty's threads would keep the JVM alive
    }

    private static int run(String[] args) throws IOException {
        long mainAt = System.nanoTime();
        long jvmToMain = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        ScanApiFunction function = null;
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("jvm_to_main_ms", jvmToMain);
        String lastBody = "";
        boolean ok = true;
        ObjectMapper json = null;
        for (int i = 0; i < args.length; i++) {
            String verb = args[i];
            APIGatewayV2HTTPEvent event;
            switch (verb) {
                case "scan", "scan-json" -> {
                    Path file = Path.of(args[++i]);
                    String text = i + 1 < args.length && !isVerb(args[i + 1]) ? args[++i] : "";
                    byte[] image = Files.readAllBytes(file);
                    event = verb.equals("scan")
                            ? HttpApiEvents.multipart("/scan-image", image, file.getFileName().toString(), contentType(file),
                                    text.isEmpty() ? Map.of() : Map.of("text", text), SOURCE_IP)
                            : HttpApiEvents.json("/scan-image", "{\"image\":\"" + Base64.getEncoder().encodeToString(image)
                                    + "\",\"text\":" + quote(text) + "}", SOURCE_IP);
                }
                case "status" -> {
                    Matcher m = STATUS_URL.matcher(lastBody);
                    if (!m.find()) {
                        throw new IllegalArgumentException("status needs an accepted scan before it; the last answer was: "
                                + lastBody);
                    }
                    event = HttpApiEvents.get(m.group(1), SOURCE_IP);
                }
                case "get" -> event = HttpApiEvents.get(args[++i], SOURCE_IP);
                default -> throw new IllegalArgumentException("unknown request " + verb + " (scan, scan-json, status, get)");
            }
            long started = System.nanoTime();
            if (function == null) {
                function = new ScanApiFunction();
                timings.put("init_ms", millis(mainAt, System.nanoTime()));
                json = function.getApplicationContext().getBean(ObjectMapper.class);
            }
            APIGatewayV2HTTPResponse response = function.handleRequest(event, new MockLambdaContext());
            long done = System.nanoTime();
            if (!timings.containsKey("first_response_ms")) {
                timings.put("first_response_ms", millis(mainAt, done));
            }
            lastBody = response.getIsBase64Encoded() && response.getBody() != null
                    ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8) : response.getBody();
            ok &= response.getStatusCode() < 500;
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("request", verb);
            line.put("status", response.getStatusCode());
            line.put("headers", response.getHeaders() == null ? Map.of() : response.getHeaders());
            line.put("body", lastBody);
            line.put("ms", millis(started, done));
            System.out.println(json.writeValueAsString(line));
        }
        if (json != null) {
            System.out.println(json.writeValueAsString(timings));
        }
        if (function != null) {
            function.close();
        }
        return ok ? 0 : 1;
    }

    private static boolean isVerb(String arg) {
        return List.of("scan", "scan-json", "status", "get").contains(arg);
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") ? "image/png" : name.endsWith(".gif") ? "image/gif"
                : name.endsWith(".webp") ? "image/webp" : name.endsWith(".jpg") || name.endsWith(".jpeg") ? "image/jpeg"
                : "application/octet-stream";
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static double millis(long from, long to) {
        return Math.round((to - from) / 1e4) / 100.0;
    }
}
