package com.scamscan.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.images.Images;
import com.scamscan.testing.process.AppProcess;
import com.scamscan.testing.redis.RedisFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 22's done-when, on the packaged apps: one real scan, watched through the gateway, leaves its trace (both apps
 * exporting spans to their logs: the upload, the analysis and every tool, and the gateway's delivery of the client's
 * first and final frames, under the trace id the task record names), its one log
 * line, non-zero histograms on both {@code /prometheus} endpoints; and every metric the shipped Grafana dashboard and
 * Prometheus alert rules ({@code deploy/observability/}) use, and every one the CDK stacks' CloudWatch agents write
 * (infra's {@code AppMetrics}), is one the apps export.
 */
class ObservabilityStackIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path FILES = Path.of("..", "deploy", "observability");
    /** The meters the CDK stacks' CloudWatch agents write, for CloudWatch's alarms and dashboard. */
    private static final Path CLOUDWATCH = Path.of("..", "infra", "src", "main", "java", "com", "scamscan", "infra", "AppMetrics.java");
    /** A metric name in a PromQL expression: ours and Lettuce's. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:scamscan|lettuce)_[a-z0-9_]+)\\b");

    @Test
    void oneScanLeavesItsTraceLogLineAndHistogramsAndTheDashboardsMetricsAllExist() throws Exception {
        String redis = RedisFixture.shared().uri();
        try (AppProcess gateway = AppProcess.start("gateway", Map.of("redis.uri", redis, "otel.traces.exporter", "logging"));
             AppProcess scanApi = AppProcess.start("scan-api", Map.of("redis.uri", redis,
                     "scamscan.scan.gateway-url", "ws://localhost:" + gateway.port(),
                     "otel.traces.exporter", "logging"))) {
            Map<String, String> accepted = Stack.upload(scanApi, Images.screenshot("png",
                    "Your parcel is held: pay the fee at", "https://parcel-fee.top/pay"), "");
            String taskId = accepted.get("task_id");
            TestClient client = TestClient.connect(URI.create(accepted.get("ws_url")));
            assertEquals(1000, client.awaitClose(), scanApi.log());

            String apiMetrics = scrape(scanApi);
            String gatewayMetrics = scrape(gateway);
            assertTrue(count(gatewayMetrics, "scamscan_gateway_delivery_lag_seconds_count{phase=\"live\"}") > 0, gatewayMetrics);
            assertTrue(count(gatewayMetrics, "scamscan_gateway_frames_sent_bytes_count") > 0, gatewayMetrics);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    count(scrape(scanApi), "scamscan_analysis_duration_seconds_count{outcome=\"completed\"}") >= 1);
            apiMetrics = scrape(scanApi);
            assertTrue(count(apiMetrics, "scamscan_queue_wait_seconds_count") >= 1, apiMetrics);
            assertTrue(apiMetrics.contains("scamscan_analysis_tool_duration_seconds_bucket{outcome=\"ok\",tool=\"reasoning\",le="), apiMetrics);

            String log = scanApi.log();
            assertTrue(log.contains("task " + taskId + ": scan completed, verdict "), log);
            String traceId = traceIdOf(taskId);
            assertTrue(traceId.matches("[0-9a-f]{32}"), "the task record names its trace: " + traceId);
            for (String span : List.of("scan.analysis", "scan.tool entity_extraction", "scan.tool reasoning")) {
                assertTrue(log.contains("'" + span + "' : " + traceId), span + " in trace " + traceId + ":\n" + log);
            }
            assertTrue(log.contains("'POST /scan-image' : " + traceId), "the upload's server span starts the trace:\n" + log);
            // the gateway's delivery of the client's first and final frames, in the same trace
            for (String span : List.of("gateway.deliver first", "gateway.deliver final")) {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                        gateway.log().contains("'" + span + "' : " + traceId));
            }
            assertTrue(gateway.log().contains("scamscan.transport=websocket"), gateway.log());
            assertFalse(gateway.log().contains(accepted.get("ws_url").replaceAll(".*[?&]token=([^&]+).*", "$1")), "no token in a span");

            Set<String> used = new TreeSet<>();
            for (Path file : List.of(FILES.resolve("grafana-dashboard.json"), FILES.resolve("alerts.yml"), CLOUDWATCH)) {
                Matcher names = METRIC.matcher(Files.readString(file));
                while (names.find()) {
                    used.add(names.group(1));
                }
            }
            assertTrue(used.size() > 15, "the files were read: " + used);
            String exported = apiMetrics + "\n" + gatewayMetrics;
            List<String> missing = used.stream().filter(name -> !Pattern.compile("(?m)^" + name + "[{ ]").matcher(exported).find())
                    .toList();
            assertEquals(List.of(), missing, "metrics the dashboard, the alert rules or CloudWatch use that neither app exports");
        }
    }

    private static String traceIdOf(String taskId) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(RedisFixture.shared().uri());
        try (var connection = client.connect()) {
            return String.valueOf(connection.sync().hget("task:" + taskId, "trace_id"));
        } finally {
            client.shutdown();
        }
    }

    /** The value of the sample named exactly {@code series}; 0 when there is none. */
    private static double count(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    private static String scrape(AppProcess app) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(app.http("/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }
}
