import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Uploads an image to a running scan-api and prints the analysis live from the gateway's WebSocket. JDK only:
 * run it as {@code java dev/ScanSample.java samples/phishing-sms.png [http://localhost:8080]}.
 * With {@code --wait} it first waits for both services to answer /health; {@code --wait-only SCAN_API_URL
 * GATEWAY_HEALTH_URL} only waits.
 */
public final class ScanSample {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--wait-only")) {
            awaitHealthy(args[1] + "/health");
            awaitHealthy(args[2]);
            return;
        }
        boolean wait = args.length > 0 && args[0].equals("--wait");
        int first = wait ? 1 : 0;
        if (args.length <= first) {
            System.err.println("usage: java dev/ScanSample.java [--wait] IMAGE [SCAN_API_URL] [GATEWAY_HEALTH_URL]");
            System.exit(2);
        }
        Path image = Path.of(args[first]);
        String api = args.length > first + 1 ? args[first + 1] : "http://localhost:8080";
        String gatewayHealth = args.length > first + 2 ? args[first + 2] : "http://localhost:8081/health";
        if (wait) {
            awaitHealthy(api + "/health");
            awaitHealthy(gatewayHealth);
        }
        String boundary = "----scamscan" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + image.getFileName()
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Files.readAllBytes(image);
        byte[] body = new byte[head.length + bytes.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bytes, 0, body, head.length, bytes.length);
        System.arraycopy(tail, 0, body, head.length + bytes.length, tail.length);
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/scan-image"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            System.err.println("scan-api answered " + accepted.statusCode() + ": " + accepted.body());
            System.exit(2);
        }
        String wsUrl = field(accepted.body(), "ws_url");
        System.out.println("Scanning " + image + " as task " + field(accepted.body(), "task_id"));
        System.out.println("Watching " + wsUrl);
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        HTTP.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
            private final StringBuilder frame = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                frame.append(data);
                if (last) {
                    show(frame.toString());
                    frame.setLength(0);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                closed.complete(code);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                closed.completeExceptionally(error);
            }
        }).join();
        int code = closed.get();
        System.out.println("Stream closed with " + code);
    }

    private static void show(String json) {
        if (json.contains("\"heartbeat\"")) {
            return;
        }
        String step = field(json, "step");
        String message = field(json, "message");
        String percent = number(json, "percent");
        int p = percent.isEmpty() ? 0 : Integer.parseInt(percent);
        String bar = "#".repeat(p / 5) + ".".repeat(20 - p / 5);
        System.out.printf("[%s] %3s%%  %-18s %s%n", bar, percent.isEmpty() ? "" : percent, step, message);
        if (json.contains("\"verdict\"")) {
            String verdict = json.substring(json.indexOf("\"verdict\""));
            System.out.println("Verdict: " + field(verdict, "label") + " (score " + number(verdict, "score") + ")");
            Matcher reasons = Pattern.compile("\"reasons\":\\[(.*?)\\]").matcher(verdict);
            if (reasons.find()) {
                for (String reason : reasons.group(1).split("\",\"")) {
                    System.out.println("  - " + reason.replace("\"", ""));
                }
            }
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1).replace("\\\"", "\"") : "";
    }

    private static String number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static void awaitHealthy(String url) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        System.err.println(url + " did not become healthy within 90 s");
        System.exit(2);
    }
}
