package com.scamscan.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.scamscan.api.agent.AnalysisAgent;
import com.scamscan.api.scan.UploadOutcomes;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.task.TaskRecord;
import com.scamscan.testing.client.Multipart;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.redis.RedisFixture;
import io.micronaut.context.ApplicationContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One real scan through one scan-api instance (its own Redis, so nothing else is queued) and what an operator sees of
 * it: the meters on {@code /prometheus} (uploads by outcome, queue wait, each tool's and the analysis's duration as
 * histograms, the verdict, the feed's age, Redis round-trip times) and the scan's one log line, which names the task,
 * verdict, score, duration and tools but never the message text or what OCR read; the request id on the
 * request's lines; and its trace, exported to memory: the upload's server span, the worker's analysis as its child
 * (the trace travels with the stored upload), each tool a child of that, the trace id in the task record.
 */
class ObservabilityIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern TASK_ID = Pattern.compile("\"task_id\":\"([0-9a-f-]{36})\"");
    private static final String PASTED = "pasted words that stay private";
    private static final String ON_SCREEN = "Pay the toll now at";

    private static RedisFixture redis;
    private static ApplicationContext context;
    private static URI base;
    private static final ListAppender<ILoggingEvent> LINES = new ListAppender<>();

    @BeforeAll
    static void start() {
        LINES.start();
        for (Class<?> source : List.of(AnalysisAgent.class, UploadOutcomes.class)) {
            ((Logger) LoggerFactory.getLogger(source)).addAppender(LINES);
        }
        redis = RedisFixture.startNew();
        context = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "redis.uri", redis.uri(),
                "scamscan.agent.poll-timeout", "100ms",
                InMemorySpans.PROPERTY, "true"));
        base = URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).start().getPort());
    }

    @AfterAll
    static void stop() {
        for (Class<?> source : List.of(AnalysisAgent.class, UploadOutcomes.class)) {
            ((Logger) LoggerFactory.getLogger(source)).detachAppender(LINES);
        }
        context.close();
        redis.close();
    }

    @Test
    void oneScanShowsInTheMetricsInOneLogLineAndInOneTrace() throws Exception {
        byte[] png = Images.screenshot("png", "E-ZPass: unpaid toll of $4.15.", ON_SCREEN, "https://ezpass-tolls.top/pay");
        HttpResponse<String> accepted = post(new Multipart().file("image", "shot.png", "image/png", png).field("text", PASTED),
                "obs-it.1");
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals("obs-it.1", accepted.headers().firstValue("X-Request-Id").orElseThrow(), "the caller's request id, answered");
        Matcher id = TASK_ID.matcher(accepted.body());
        assertTrue(id.find(), accepted.body());
        String taskId = id.group(1);
        HttpResponse<String> refused = post(new Multipart().field("text", "no image"), "not a plain token!");
        assertEquals(400, refused.statusCode());
        String generated = refused.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(generated.matches("[0-9a-f]{16}"), "a fresh id instead of one that is not a plain token: " + generated);

        TaskRegistry registry = context.getBean(TaskRegistry.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> registry.find(taskId).toCompletableFuture().join()
                .map(TaskRecord::status).map(s -> s.isFinished()).orElse(false));
        TaskRecord record = registry.find(taskId).toCompletableFuture().join().orElseThrow();
        String label = record.verdict().label().wireName();

        // the agent's meters are recorded as the analysis ends, a moment after its last event
        await().atMost(Duration.ofSeconds(10)).until(() -> value(scrape(),
                "scamscan_analysis_duration_seconds_count{outcome=\"completed\"}") == 1.0);
        String metrics = scrape();
        assertEquals(1.0, value(metrics, "scamscan_uploads_total{outcome=\"accepted\",problem=\"none\"}"), metrics);
        assertEquals(1.0, value(metrics, "scamscan_uploads_total{outcome=\"refused\",problem=\"missing-part\"}"), metrics);
        assertEquals(1.0, value(metrics, "scamscan_verdicts_total{label=\"" + label + "\"}"), metrics);
        assertEquals(1.0, value(metrics, "scamscan_queue_wait_seconds_count"), metrics);
        // the same count as a counter, for where histograms do not travel (the CloudWatch agent); a scan taken at once is not late
        assertEquals(1.0, value(metrics, "scamscan_queue_waits_total"), metrics);
        assertEquals(0.0, value(metrics, "scamscan_queue_waits_late_total"), metrics);
        for (String tool : List.of("entity_extraction", "scam_db", "exa_search", "domain_reputation", "phone_validator", "reasoning")) {
            assertEquals(1.0, value(metrics, "scamscan_analysis_tool_duration_seconds_count{outcome=\"ok\",tool=\"" + tool + "\"}"),
                    tool + "\n" + metrics);
        }
        assertTrue(value(metrics, "scamscan_analysis_tool_duration_seconds_bucket{outcome=\"ok\",tool=\"entity_extraction\",le=\"+Inf\"}") == 1.0,
                "a percentile histogram");
        assertTrue(value(metrics, "scamscan_analysis_duration_seconds_sum{outcome=\"completed\"}") > 0, metrics);
        assertTrue(metrics.contains("scamscan_queue_wait_seconds_bucket{le="), metrics);
        double feedAge = value(metrics, "scamscan_scamdb_feed_age_seconds{feed=\"sample\"}");
        assertTrue(feedAge >= 0 && feedAge < 600, "the sample feed was loaded at startup: " + feedAge);
        assertTrue(metrics.contains("lettuce_command_completion_seconds_bucket{"), "Redis round-trip times");
        assertFalse(metrics.contains(taskId), "no task id in any meter");

        List<String> scanLines = LINES.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.startsWith("task " + taskId + ": scan ")).toList();
        assertEquals(1, scanLines.size(), LINES.list.toString());
        String line = scanLines.get(0);
        assertTrue(line.matches("task " + taskId + ": scan completed, verdict " + label + ", score "
                + record.verdict().score() + ", \\d+ ms; tools entity_extraction=ok/\\d+ms scam_db=ok/\\d+ms "
                + "exa_search=ok/\\d+ms domain_reputation=ok/\\d+ms phone_validator=ok/\\d+ms reasoning=ok/\\d+ms"), line);
        assertEquals(taskId, LINES.list.stream().filter(e -> e.getFormattedMessage().equals(line)).findFirst().orElseThrow()
                .getMDCPropertyMap().get("task_id"), "the worker's lines carry the task id in the MDC");
        assertEquals(List.of("obs-it.1"), LINES.list.stream().filter(e -> e.getFormattedMessage().contains("upload accepted"))
                .map(e -> e.getMDCPropertyMap().get("request_id")).toList(), "the request's lines carry its id");
        assertEquals(List.of(generated), LINES.list.stream()
                .filter(e -> e.getFormattedMessage().equals("upload refused: missing-part (400)"))
                .map(e -> e.getMDCPropertyMap().get("request_id")).toList(), LINES.list.toString());
        for (ILoggingEvent event : LINES.list) {
            assertFalse(event.getFormattedMessage().contains(PASTED) || event.getFormattedMessage().contains(ON_SCREEN),
                    "never the person's text: " + event.getFormattedMessage());
        }

        // the trace: POST /scan-image (server) -> scan.analysis (consumer, on the worker) -> one span per tool
        InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> exporter.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getName().equals("scan.analysis")));
        List<SpanData> spans = exporter.getFinishedSpanItems();
        SpanData analysis = spans.stream().filter(s -> s.getName().equals("scan.analysis")).findFirst().orElseThrow();
        assertEquals(record.verdict().label().wireName(), analysis.getAttributes().get(AttributeKey.stringKey("scamscan.verdict")));
        assertEquals(SpanKind.CONSUMER, analysis.getKind());
        SpanData upload = spans.stream().filter(s -> s.getSpanId().equals(analysis.getParentSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("the analysis's parent is the upload's request: " + spans));
        assertEquals(SpanKind.SERVER, upload.getKind());
        assertTrue(upload.getName().contains("/scan-image"), upload.getName());
        assertEquals(upload.getTraceId(), analysis.getTraceId());
        List<String> tools = spans.stream().filter(s -> s.getParentSpanId().equals(analysis.getSpanId()))
                .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)).map(SpanData::getName).toList();
        assertEquals(List.of("scan.tool entity_extraction", "scan.tool scam_db", "scan.tool exa_search",
                "scan.tool domain_reputation", "scan.tool phone_validator", "scan.tool reasoning"), tools);
        assertEquals(upload.getTraceId(), string(redis, "task:" + taskId, "trace_id"), "the task record names its trace");
        assertEquals("00-" + upload.getTraceId() + "-" + upload.getSpanId() + "-01", string(redis, "task:" + taskId, "trace_parent"),
                "the task record names the upload's span (the gateway's delivery spans are its children)");
        for (SpanData span : spans) {
            assertFalse(span.getAttributes().toString().contains(PASTED) || span.getAttributes().toString().contains(ON_SCREEN),
                    span.toString());
        }
    }

    private static String string(RedisFixture redis, String key, String field) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri());
        try (var connection = client.connect()) {
            return connection.sync().hget(key, field);
        } finally {
            client.shutdown();
        }
    }

    /** The value of the sample named exactly {@code series} (name and labels as Prometheus writes them); NaN for none. */
    static double value(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private static HttpResponse<String> post(Multipart form, String requestId) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/scan-image")).header("Content-Type", form.contentType())
                .header("X-Request-Id", requestId).POST(form.publisher()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
