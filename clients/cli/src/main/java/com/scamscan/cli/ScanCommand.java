package com.scamscan.cli;

import com.scamscan.progress.CloseCode;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.protocol.Problem;
import com.scamscan.protocol.ScanAccepted;
import com.scamscan.protocol.StreamUrl;
import io.micronaut.serde.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scamscan scan FILE}: uploads a screenshot, follows its analysis live, prints the verdict. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Uploads a screenshot to ScamScan, shows each check as it runs, and prints the verdict.", "",
            "Exit status: 0 likely safe, 1 suspicious or scam, 2 error (bad input, server unreachable, analysis failed)."})
final class ScanCommand implements Callable<Integer> {

    static final int EXIT_SAFE = 0;
    static final int EXIT_RISKY = 1;
    static final int EXIT_ERROR = 2;
    /** Far above scan-api's own limit (which answers with a problem); only keeps a wrong file out of memory. */
    private static final long MAX_FILE_BYTES = 64L << 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the screenshot (PNG, JPEG, WebP or GIF)")
    Path image;

    @Option(names = "--text", paramLabel = "TEXT", description = "the message's text, if you can copy it")
    String text;

    @Option(names = "--region", paramLabel = "CC", description = "country for phone numbers without a country code, e.g. GB")
    String region;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:SCAMSCAN_SERVER:-http://localhost:8080}",
            description = "scan-api's address (default: $SCAMSCAN_SERVER, else ${DEFAULT-VALUE})")
    URI server;

    @Option(names = "--json", description = "print each event as the raw JSON line the gateway sent, nothing else")
    boolean json;

    @Option(names = "--plain", description = "one line per event, no redrawn progress bar (the default when not on a terminal)")
    boolean plain;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "give up after this long, e.g. 90s or 5m (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--silence-limit", paramLabel = "DURATION", defaultValue = "45s", converter = DurationConverter.class,
            description = "reconnect when nothing, not even a heartbeat, arrived for this long (default ${DEFAULT-VALUE})")
    Duration silenceLimit;

    @Option(names = "--fallback-after", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "read the task's status URL instead when the live stream has been down this long (default ${DEFAULT-VALUE})")
    Duration fallbackAfter;

    /** The operator's key that keeps a scan out of the rate limit (scan-api's scamscan.scan.uncounted.key): ./run's demo. */
    static final String UNCOUNTED_KEY_ENV = "SCAMSCAN_UNCOUNTED_KEY";

    private final ObjectMapper mapper = ObjectMapper.getDefault();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] bytes;
        try {
            if (!Files.isRegularFile(image)) {
                err.println("scamscan: no such file: " + image);
                return EXIT_ERROR;
            }
            if (Files.size(image) > MAX_FILE_BYTES) {
                err.println("scamscan: " + image + " is larger than " + (MAX_FILE_BYTES >> 20) + " MB; is it a screenshot?");
                return EXIT_ERROR;
            }
            bytes = Files.readAllBytes(image);
        } catch (IOException e) {
            err.println("scamscan: cannot read " + image + ": " + e.getMessage());
            return EXIT_ERROR;
        }

        ScanAccepted accepted;
        try {
            accepted = upload(bytes, err);
        } catch (ConnectException e) {
            err.println("scamscan: cannot reach " + server + " (is scan-api running? set --server or SCAMSCAN_SERVER)");
            return EXIT_ERROR;
        } catch (IOException e) {
            err.println("scamscan: upload to " + server + " failed: " + e.getMessage());
            return EXIT_ERROR;
        }
        if (accepted == null) {
            return EXIT_ERROR;
        }
        String taskId = accepted.taskId();
        URI wsUrl = URI.create(accepted.wsUrl());
        // the status URL with its token: the fallback when the stream is down, and the hint when no verdict came
        URI statusUrl = server.resolve(accepted.statusUrl() != null ? accepted.statusUrl() : StreamUrl.statusPath(taskId));

        Display display = json ? new Display.Json(out, err)
                : new Display.Human(out, err, !plain && System.console() != null);
        display.accepted(taskId);
        StreamFollower follower = new StreamFollower(wsUrl, silenceLimit, display, statusUrl, fallbackAfter);
        StreamFollower.Outcome outcome;
        try {
            outcome = follower.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            follower.stop("timed out");
            display.stopped("no verdict within " + timeout.toSeconds() + " s; the task goes on: GET " + statusUrl);
            return EXIT_ERROR;
        } catch (ExecutionException e) {
            display.stopped("the progress stream failed: " + e.getCause());
            return EXIT_ERROR;
        }
        if (outcome instanceof StreamFollower.Outcome.Finished finished) {
            ProgressEvent last = finished.event();
            if (last.verdict() == null) {
                display.failed(last);
                return EXIT_ERROR;
            }
            display.verdict(last.verdict());
            return last.verdict().label() == VerdictLabel.LIKELY_SAFE ? EXIT_SAFE : EXIT_RISKY;
        }
        StreamFollower.Outcome.Stopped stopped = (StreamFollower.Outcome.Stopped) outcome;
        boolean gone = stopped.code() == CloseCode.UNAUTHORIZED.code() || stopped.code() == CloseCode.UNKNOWN_TASK.code();
        display.stopped("the progress stream stopped: " + stopped.code() + " " + stopped.why()
                + (gone ? "" : "; the task's status: GET " + statusUrl));
        return EXIT_ERROR;
    }

    /** POST /scan-image; the 202 body, or null after printing the problem the server answered with. */
    private ScanAccepted upload(byte[] bytes, PrintWriter err) throws IOException, InterruptedException {
        String boundary = "scamscan-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(bytes.length + 1024);
        String name = image.getFileName().toString().replace("\"", "");
        part(body, boundary, "Content-Disposition: form-data; name=\"image\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: application/octet-stream", bytes);
        if (text != null && !text.isEmpty()) {
            part(body, boundary, "Content-Disposition: form-data; name=\"text\"", text.getBytes(StandardCharsets.UTF_8));
        }
        if (region != null && !region.isEmpty()) {
            part(body, boundary, "Content-Disposition: form-data; name=\"region\"", region.getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/scan-image"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        String uncountedKey = System.getenv(UNCOUNTED_KEY_ENV);
        if (uncountedKey != null && !uncountedKey.isBlank()) {
            request.header("X-ScamScan-Uncounted-Key", uncountedKey.trim());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 202) {
            ScanAccepted accepted = read(response.body(), ScanAccepted.class);
            if (accepted != null && accepted.taskId() != null && accepted.wsUrl() != null) {
                return accepted;
            }
        }
        Problem problem = read(response.body(), Problem.class);
        String detail = problem == null ? null : problem.detail() != null ? problem.detail() : problem.title();
        err.println("scamscan: the scan was refused (HTTP " + response.statusCode() + "): "
                + (detail != null ? detail : abbreviate(response.body())));
        return null;
    }

    /** The body as {@code type}, or null when it is not that JSON. */
    private <T> T read(String body, Class<T> type) {
        try {
            return mapper.readValue(body, type);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void part(ByteArrayOutputStream body, String boundary, String headers, byte[] content) throws IOException {
        body.write(("--" + boundary + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    /** Reads 90s, 5m, 1h30m or ISO-8601 (PT90S). */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String upper = value.trim().toUpperCase(Locale.ROOT);
            Duration parsed = Duration.parse(upper.startsWith("P") ? upper : "PT" + upper);
            if (parsed.isNegative() || parsed.isZero()) {
                throw new IllegalArgumentException("must be positive: " + value);
            }
            return parsed;
        }
    }
}
