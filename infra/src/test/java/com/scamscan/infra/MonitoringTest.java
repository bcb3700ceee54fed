package com.scamscan.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The CloudWatch side of issue 22's dashboard and alerts, on the synthesised templates: each Prometheus rule of
 * {@code deploy/observability/alerts.yml} has its CloudWatch alarm (metric, statistic, threshold, period, periods in a
 * row), the AWS-side alarms an SRE expects are there, every alarm notifies the environment's topic, the dashboard has
 * the Grafana dashboard's panels, and every custom metric an alarm, the dashboard or scaling uses is one the
 * CloudWatch agents write, with the same dimensions, from a name in {@link AppMetrics} (which ObservabilityStackIT
 * checks against what the packaged apps export).
 */
class MonitoringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "ScamScan/prod";
    private static final Pattern APP_METRIC = Pattern.compile("\\b((?:scamscan|lettuce)_[a-z0-9_]+)\\b");

    private static Template containers;
    private static Template apiGateway;
    private static Template serverless;

    @BeforeAll
    static void synth() throws IOException {
        InfraApp.Stacks stacks = InfraTest.synth(Map.of());
        containers = Template.fromStack(stacks.containers());
        apiGateway = Template.fromStack(stacks.apiGateway());
        serverless = Template.fromStack(stacks.serverless());
    }

    private static List<Template> all() {
        return List.of(containers, apiGateway, serverless);
    }

    /** One metric an alarm reads: namespace, name, dimensions (values as text), statistic, period. */
    record Watched(String namespace, String name, Map<String, String> dimensions, String statistic, int period) {
    }

    /** An alarm as the template has it. */
    record Alarm(String id, List<Watched> metrics, String expression, double threshold, int periods, int datapoints, Object actions) {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Alarm> alarms(Template template) {
        Map<String, Alarm> alarms = new TreeMap<>();
        for (Map.Entry<String, Map<String, Object>> resource : template.findResources("AWS::CloudWatch::Alarm").entrySet()) {
            Map<String, Object> p = InfraTest.properties(resource.getValue());
            List<Watched> metrics = new ArrayList<>();
            String expression = null;
            if (p.containsKey("MetricName")) {
                metrics.add(new Watched((String) p.get("Namespace"), (String) p.get("MetricName"),
                        dimensions((List<Map<String, Object>>) p.getOrDefault("Dimensions", List.of())),
                        (String) p.get("Statistic"), ((Number) p.get("Period")).intValue()));
            } else {
                for (Map<String, Object> query : (List<Map<String, Object>>) p.get("Metrics")) {
                    if (query.containsKey("Expression")) {
                        expression = (String) query.get("Expression");
                        continue;
                    }
                    Map<String, Object> stat = (Map<String, Object>) query.get("MetricStat");
                    Map<String, Object> metric = (Map<String, Object>) stat.get("Metric");
                    metrics.add(new Watched((String) metric.get("Namespace"), (String) metric.get("MetricName"),
                            dimensions((List<Map<String, Object>>) metric.getOrDefault("Dimensions", List.of())),
                            (String) stat.get("Stat"), ((Number) stat.get("Period")).intValue()));
                }
            }
            alarms.put(resource.getKey(), new Alarm(resource.getKey(), metrics, expression, ((Number) p.get("Threshold")).doubleValue(),
                    ((Number) p.get("EvaluationPeriods")).intValue(), ((Number) p.getOrDefault("DatapointsToAlarm", 0)).intValue(),
                    p.get("AlarmActions")));
        }
        return alarms;
    }

    private static Map<String, String> dimensions(List<Map<String, Object>> list) {
        Map<String, String> dimensions = new TreeMap<>();
        for (Map<String, Object> dimension : list) {
            dimensions.put((String) dimension.get("Name"), String.valueOf(dimension.get("Value")));
        }
        return dimensions;
    }

    /** The alarm whose construct id is {@code id} (its logical id: id, "Alarm", the path's hash). */
    private static Alarm alarm(Template template, String id) {
        List<Alarm> found = alarms(template).values().stream().filter(a -> a.id().matches(id + "Alarm[0-9A-F]{8}")).toList();
        assertEquals(1, found.size(), id + " in " + alarms(template).keySet());
        return found.get(0);
    }

    private static Watched app(String service, String name, String statistic, int period, String... labels) {
        Map<String, String> dimensions = new TreeMap<>();
        dimensions.put("Service", service);
        for (int i = 0; i < labels.length; i += 2) {
            dimensions.put(labels[i], labels[i + 1]);
        }
        return new Watched(NAMESPACE, name, dimensions, statistic, period);
    }

    private static void pins(Template template, String id, List<Watched> metrics, String expression, double threshold, int periods) {
        Alarm alarm = alarm(template, id);
        assertEquals(new java.util.HashSet<>(metrics), new java.util.HashSet<>(alarm.metrics()), id);
        assertEquals(expression, alarm.expression(), id);
        assertEquals(threshold, alarm.threshold(), 1e-9, id);
        assertEquals(periods, alarm.periods(), id + ": periods evaluated");
        assertEquals(periods, alarm.datapoints(), id + ": every one of them breaching");
    }

    // the Prometheus rules, one by one

    /** Late over all, 0 while nothing was counted: a percentile's question asked of two counters. */
    private static final String LATE_SHARE = "IF(FILL(total, 0) > 0, FILL(late, 0) / total, 0)";

    @Test
    void deliveryLagAlarmsWhenOverOnePercentOfLiveFramesAreLaterThanOneSecond() {
        for (String service : List.of("gateway", "relay")) {
            pins(service.equals("gateway") ? containers : apiGateway, service.equals("gateway") ? "GatewayDeliveryLag" : "RelayDeliveryLag",
                    List.of(app(service, "scamscan_gateway_delivery_late_total", "Sum", 300, "phase", "live"),
                            app(service, "scamscan_gateway_delivery_timed_total", "Sum", 300, "phase", "live")),
                    LATE_SHARE, 0.01, 2);
        }
    }

    @Test
    void refusedHandshakesAlarmPerCloseCodeAboveFivePerSecond() {
        for (String code : List.of("1008", "4401", "4403", "4429", "1013", "1011")) {
            pins(containers, "HandshakesRefused" + code, List.of(app("gateway", "scamscan_gateway_handshakes_total", "Sum", 300,
                    "outcome", "refused", "reason", code)), null, 5 * 300, 2);
        }
    }

    @Test
    void budgetSaturationAlarmsOnRefusalsOfAFullBudgetForFiveMinutes() {
        pins(containers, "BudgetSaturated", List.of(
                app("gateway", "scamscan_gateway_budget_rejected_total", "Sum", 60, "reason", "fleet_full"),
                app("gateway", "scamscan_gateway_budget_rejected_total", "Sum", 60, "reason", "instance_full")),
                "FILL(m0, 0) + FILL(m1, 0)", 0, 5);
    }

    @Test
    void slowClientsDroppedAboveOnePerSecondForTenMinutes() {
        pins(containers, "GatewaySlowClientsDropped", List.of(app("gateway", "scamscan_gateway_slow_clients_dropped_total", "Sum", 300)), null, 300, 2);
        pins(apiGateway, "RelaySlowClientsDropped", List.of(app("relay", "scamscan_gateway_slow_clients_dropped_total", "Sum", 300)), null, 300, 2);
    }

    @Test
    void queueWaitAndAStuckQueueAlarmWhereverTheAgentRuns() {
        for (Map.Entry<String, Template> shape : Map.of("scan-api", containers, "scan-worker", serverless).entrySet()) {
            String id = shape.getKey().equals("scan-api") ? "ScanApi" : "Worker";
            pins(shape.getValue(), id + "QueueWait", List.of(app(shape.getKey(), "scamscan_queue_waits_late_total", "Sum", 300),
                    app(shape.getKey(), "scamscan_queue_waits_total", "Sum", 300)), LATE_SHARE, 0.05, 2);
            pins(shape.getValue(), id + "QueueStuck", List.of(app(shape.getKey(), "scamscan_queue_oldest_waiting_age_seconds", "Maximum", 60)), null, 120, 5);
        }
        // issue 23's: a scan waiting a minute for a worker of the serverless shape
        pins(serverless, "QueueWaiting", List.of(app("scan-worker", "scamscan_queue_oldest_waiting_age_seconds", "Maximum", 60)), null, 60, 1);
    }

    @Test
    void scanFailuresAlarmOnTheShareOfScansEndedFailed() {
        for (Map.Entry<String, Template> shape : Map.of("scan-api", containers, "scan-worker", serverless).entrySet()) {
            String id = shape.getKey().equals("scan-api") ? "ScanApi" : "Worker";
            // rolled up over reason and label: Service alone
            pins(shape.getValue(), id + "ScanFailures", List.of(
                    app(shape.getKey(), "scamscan_analysis_failures_total", "Sum", 900),
                    app(shape.getKey(), "scamscan_verdicts_total", "Sum", 900)), "failed / (failed + completed)", 0.05, 2);
        }
    }

    @Test
    void feedAgeAlarmsOnAConfiguredFeedNotRefreshedForSixHours() {
        pins(containers, "ScanApiFeedStale", List.of(app("scan-api", "scamscan_scamdb_feed_age_seconds", "Maximum", 300)), null, 6 * 3600, 3);
        pins(serverless, "WorkerFeedStale", List.of(app("scan-worker", "scamscan_scamdb_feed_age_seconds", "Maximum", 300)), null, 6 * 3600, 3);
        // the sample feed is never refreshed: the agents drop its series, or the alarm would never clear
        for (String app : List.of("ScanApi")) {
            assertTrue(prometheusConfig(containers, app).contains("regex: 'scamscan_scamdb_feed_age_seconds;sample'\n        action: drop"));
        }
        assertTrue(prometheusConfig(serverless, "ScanWorker").contains("regex: 'scamscan_scamdb_feed_age_seconds;sample'\n        action: drop"));
    }

    @Test
    void uploadsRefusedForTheServicesOwnReasonsAlarm() {
        pins(containers, "ScanApiUploadsRefused", List.of(
                app("scan-api", "scamscan_uploads_total", "Sum", 60, "outcome", "refused", "problem", "queue-full"),
                app("scan-api", "scamscan_uploads_total", "Sum", 60, "outcome", "refused", "problem", "redis-unavailable")),
                "FILL(m0, 0) + FILL(m1, 0)", 0, 5);
    }

    @Test
    void everyPrometheusRuleButRedisRoundTripHasItsCloudWatchAlarm() throws IOException {
        Map<String, String> counterparts = new LinkedHashMap<>();
        counterparts.put("ScamScanDeliveryLagHigh", "GatewayDeliveryLag");
        counterparts.put("ScamScanHandshakesRefused", "HandshakesRefused4429");
        counterparts.put("ScamScanBudgetSaturated", "BudgetSaturated");
        counterparts.put("ScamScanSlowClientsDropped", "GatewaySlowClientsDropped");
        counterparts.put("ScamScanQueueWaitHigh", "ScanApiQueueWait");
        counterparts.put("ScamScanQueueStuck", "ScanApiQueueStuck");
        counterparts.put("ScamScanScanFailures", "ScanApiScanFailures");
        counterparts.put("ScamScanFeedStale", "ScanApiFeedStale");
        counterparts.put("ScamScanUploadsRefused", "ScanApiUploadsRefused");
        // no CloudWatch counterpart: Lettuce's round-trip timer reaches CloudWatch as its max only, which the workers'
        // blocking reads would hold high; the dashboard shows ElastiCache's own latency instead (docs/observability.md)
        Set<String> notMirrored = Set.of("ScamScanRedisSlow");
        Set<String> rules = new TreeSet<>();
        Matcher alert = Pattern.compile("(?m)^\\s*- alert: (\\w+)").matcher(Files.readString(Path.of("..", "deploy", "observability", "alerts.yml")));
        while (alert.find()) {
            rules.add(alert.group(1));
        }
        assertEquals(10, rules.size(), rules.toString());
        Set<String> covered = new TreeSet<>(counterparts.keySet());
        covered.addAll(notMirrored);
        assertEquals(rules, covered, "a Prometheus rule without a CloudWatch alarm (or one that is gone)");
        for (String id : counterparts.values()) {
            alarm(containers, id);
        }
    }

    // the AWS side

    @Test
    void awsSideAlarmsCoverTheLoadBalancerServicesRedisFunctionsAndApis() {
        pins(containers, "Alb5xx", List.of(new Watched("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count",
                alarm(containers, "Alb5xx").metrics().get(0).dimensions(), "Sum", 300)), null, 10, 1);
        assertEquals("HTTPCode_Target_5XX_Count", alarm(containers, "ScanApi5xx").metrics().get(0).name());
        for (String service : List.of("ScanApi", "Gateway")) {
            Alarm unhealthy = alarm(containers, service + "Unhealthy");
            assertEquals("UnHealthyHostCount", unhealthy.metrics().get(0).name());
            assertEquals(Set.of("LoadBalancer", "TargetGroup"), unhealthy.metrics().get(0).dimensions().keySet());
            assertEquals(0, unhealthy.threshold());
        }
        Map<Template, List<String>> services = Map.of(containers, List.of("ScanApi", "Gateway"), apiGateway, List.of("Relay"),
                serverless, List.of("ScanWorker"));
        for (Map.Entry<Template, List<String>> stack : services.entrySet()) {
            for (String service : stack.getValue()) {
                Alarm short_ = alarm(stack.getKey(), service + "ShortOfTasks");
                assertEquals("desired - running", short_.expression());
                assertEquals(Set.of("DesiredTaskCount", "RunningTaskCount"), short_.metrics().stream().map(Watched::name).collect(java.util.stream.Collectors.toSet()));
                for (Watched count : short_.metrics()) {
                    assertEquals("ECS/ContainerInsights", count.namespace());
                    assertEquals("scamscan-prod", count.dimensions().get("ClusterName"));
                    assertEquals(60, count.period());
                }
                assertEquals(0, short_.threshold());
                assertEquals(10, short_.periods());
            }
        }
        for (String node : List.of("scamscan-prod-redis-001", "scamscan-prod-redis-002")) {
            Map<String, String> dimensions = Map.of("CacheClusterId", node);
            List<Alarm> redis = alarms(containers).values().stream()
                    .filter(a -> a.metrics().size() == 1 && a.metrics().get(0).dimensions().equals(dimensions)).toList();
            Map<String, Alarm> byMetric = new HashMap<>();
            redis.forEach(a -> byMetric.put(a.metrics().get(0).name(), a));
            assertEquals(Set.of("DatabaseMemoryUsagePercentage", "Evictions", "EngineCPUUtilization", "ReplicationLag"), byMetric.keySet());
            assertEquals(80, byMetric.get("DatabaseMemoryUsagePercentage").threshold());
            assertEquals(0, byMetric.get("Evictions").threshold());
            assertEquals("Sum", byMetric.get("Evictions").metrics().get(0).statistic());
            assertEquals(80, byMetric.get("EngineCPUUtilization").threshold());
            assertEquals(3, byMetric.get("EngineCPUUtilization").periods());
            assertEquals(5, byMetric.get("ReplicationLag").threshold());
            assertEquals(60, byMetric.get("ReplicationLag").metrics().get(0).period());
        }
        for (Template template : List.of(apiGateway, serverless)) {
            String function = template == apiGateway ? "Connections" : "ScanApi";
            assertEquals("Errors", alarm(template, function + "Errors").metrics().get(0).name());
            assertEquals("Throttles", alarm(template, function + "Throttles").metrics().get(0).name());
            assertEquals("AWS/Lambda", alarm(template, function + "Throttles").metrics().get(0).namespace());
        }
        Watched api5xx = alarm(serverless, "Api5xx").metrics().get(0);
        assertEquals(List.of("AWS/ApiGateway", "5xx", "Sum", 300), List.of(api5xx.namespace(), api5xx.name(), api5xx.statistic(), api5xx.period()));
        assertEquals(Set.of("ApiId"), api5xx.dimensions().keySet());
        Watched webSocket = alarm(apiGateway, "WebSocketExecutionErrors").metrics().get(0);
        assertEquals(List.of("AWS/ApiGateway", "ExecutionError", "Sum"), List.of(webSocket.namespace(), webSocket.name(), webSocket.statistic()));
        assertEquals(Set.of("ApiId", "Stage"), webSocket.dimensions().keySet());
    }

    @Test
    void everyAlarmNotifiesTheEnvironmentsOneTopic() {
        containers.resourceCountIs("AWS::SNS::Topic", 1);
        apiGateway.resourceCountIs("AWS::SNS::Topic", 0);
        serverless.resourceCountIs("AWS::SNS::Topic", 0);
        String topic = containers.findResources("AWS::SNS::Topic").keySet().iterator().next();
        int count = 0;
        for (Template template : all()) {
            for (Alarm alarm : alarms(template).values()) {
                String actions = String.valueOf(alarm.actions());
                assertTrue(actions.contains(topic), alarm.id() + ": " + actions);
                count++;
            }
        }
        assertTrue(count > 40, "alarms: " + count);
    }

    // the dashboard

    /** The dashboard's body with the template's tokens as the text TOKEN, parsed. */
    @SuppressWarnings("unchecked")
    private static JsonNode dashboard() throws IOException {
        Map<String, Map<String, Object>> dashboards = containers.findResources("AWS::CloudWatch::Dashboard");
        assertEquals(1, dashboards.size());
        Map<String, Object> body = (Map<String, Object>) InfraTest.properties(dashboards.values().iterator().next()).get("DashboardBody");
        StringBuilder text = new StringBuilder();
        for (Object part : (List<Object>) ((List<Object>) body.get("Fn::Join")).get(1)) {
            text.append(part instanceof String s ? s : "TOKEN");
        }
        return JSON.readTree(text.toString());
    }

    private static List<String> titles(JsonNode dashboard) {
        List<String> titles = new ArrayList<>();
        dashboard.get("widgets").forEach(w -> {
            if (w.path("properties").has("title")) {
                titles.add(w.get("properties").get("title").asText());
            }
        });
        return titles;
    }

    @Test
    void theDashboardHasTheGrafanaPanelsAndTheAwsSide() throws IOException {
        containers.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "scamscan-prod"));
        JsonNode grafana = JSON.readTree(Path.of("..", "deploy", "observability", "grafana-dashboard.json").toFile());
        List<String> grafanaPanels = new ArrayList<>();
        grafana.get("panels").forEach(p -> grafanaPanels.add(p.get("title").asText()));
        Map<String, String> counterparts = new LinkedHashMap<>();
        counterparts.put("Publish-to-deliver lag (live frames)", "Publish-to-deliver lag (live frames), s");
        counterparts.put("Refused handshakes by close code", "Refused handshakes by close code, per minute");
        counterparts.put("Connection budget", "Connection budget (fleet)");
        counterparts.put("Frames and bytes sent", "Frames and bytes sent, per minute");
        counterparts.put("Queue", "Queue: wait and oldest waiting scan (max, s)");
        counterparts.put("Uploads", "Uploads by outcome and problem, per minute");
        counterparts.put("Analysis duration", "Analysis duration (slowest, s)");
        counterparts.put("Verdicts, failures, retries", "Verdicts, failures, retries, per minute");
        counterparts.put("Scam database feed age", "Scam database feed age (s)");
        counterparts.put("Redis round trip", "Redis round trip (server side, string commands, µs)");
        assertEquals(grafanaPanels, List.copyOf(counterparts.keySet()), "a Grafana panel without its CloudWatch widget");
        JsonNode body = dashboard();
        List<String> titles = titles(body);
        // per-label panels are searches whose series say which label value they are (dynamic labels)
        JsonNode refused = body.get("widgets").get(2).get("properties").get("metrics").get(0).get(0);
        assertTrue(refused.get("expression").asText().contains("MetricName=\"scamscan_gateway_handshakes_total\" outcome=\"refused\""), refused.toString());
        assertEquals("refused ${PROP('Dim.Service')} ${PROP('Dim.outcome')} ${PROP('Dim.reason')}", refused.get("label").asText());
        assertEquals(List.copyOf(counterparts.values()), titles.subList(0, counterparts.size()), "in the Grafana dashboard's order");
        assertTrue(titles.containsAll(List.of("Requests and 5xx", "Open stream connections per gateway (avg, max)",
                "Redis memory % of maxmemory and engine CPU %", "Service CPU and memory %",
                "Functions: errors (left), throttles (right), per 5 minutes")), titles.toString());
    }

    @Test
    void everyMetricTheGrafanaDashboardShowsHasItsCloudWatchCounterpart() throws IOException {
        String body = dashboard().toString();
        Set<String> shown = new TreeSet<>();
        Matcher names = APP_METRIC.matcher(body);
        while (names.find()) {
            shown.add(names.group(1));
        }
        Matcher grafana = APP_METRIC.matcher(Files.readString(Path.of("..", "deploy", "observability", "grafana-dashboard.json")));
        List<String> missing = new ArrayList<>();
        while (grafana.find()) {
            String name = grafana.group(1);
            // a histogram reaches CloudWatch as its _max gauge; Lettuce's round trip as ElastiCache's own latency
            String counterpart = name.replaceAll("_(bucket|count|sum)$", "");
            boolean found = shown.contains(name) || shown.contains(counterpart + "_max") || name.startsWith("lettuce_");
            if (!found) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "Grafana metrics the CloudWatch dashboard lacks");
        assertTrue(body.contains("StringBasedCmdsLatency"), "Redis round trip, server side");
    }

    // every custom metric is one the agents write, with the same dimensions

    /** What the agents of {@code template} write: metric name and Service to the dimension sets declared for it. */
    private static Map<String, Set<Set<String>>> written(Template template) throws IOException {
        Map<String, Set<Set<String>>> written = new HashMap<>();
        for (Map<String, Object> task : template.findResources("AWS::ECS::TaskDefinition").values()) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> defs = (List<Map<String, Object>>) InfraTest.properties(task).get("ContainerDefinitions");
            for (Map<String, Object> container : defs) {
                if (!"CloudWatchAgent".equals(container.get("Name"))) {
                    continue;
                }
                Map<String, Object> environment = InfraTest.environment(container);
                Matcher service = Pattern.compile("Service: ([a-z-]+)").matcher(environment.get("PROMETHEUS_CONFIG_CONTENT").toString());
                assertTrue(service.find());
                JsonNode config = JSON.readTree(environment.get("CW_CONFIG_CONTENT").toString());
                JsonNode processor = config.at("/logs/metrics_collected/prometheus/emf_processor");
                assertEquals(NAMESPACE, processor.get("metric_namespace").asText());
                for (JsonNode declaration : processor.get("metric_declaration")) {
                    assertTrue(declaration.get("label_matcher").asText().startsWith("^" + service.group(1)), declaration.toString());
                    for (JsonNode selector : declaration.get("metric_selectors")) {
                        String name = selector.asText().replaceAll("^\\^|\\$$", "");
                        for (JsonNode set : declaration.get("dimensions")) {
                            Set<String> keys = new TreeSet<>();
                            set.forEach(d -> keys.add(d.asText()));
                            written.computeIfAbsent(name + " " + service.group(1), k -> new java.util.HashSet<>()).add(keys);
                        }
                    }
                }
            }
        }
        return written;
    }

    @Test
    void everyCustomMetricUsedIsOneAnAgentWritesWithTheseDimensions() throws IOException {
        Map<String, Set<Set<String>>> written = new HashMap<>();
        for (Template template : all()) {
            written.putAll(written(template));
        }
        // never a task id: only Service and the apps' own labels
        Set<String> dimensionNames = new TreeSet<>();
        written.values().forEach(sets -> sets.forEach(dimensionNames::addAll));
        assertEquals(Set.of("Service", "reason", "outcome", "phase", "label", "tool", "feed", "problem"), dimensionNames);
        Set<String> names = new TreeSet<>();
        written.keySet().forEach(key -> names.add(key.split(" ")[0]));
        assertEquals(AppMetrics.names(), names, "every selected meter is written by some agent");

        List<Watched> used = new ArrayList<>();
        for (Template template : all()) {
            alarms(template).values().forEach(a -> used.addAll(a.metrics()));
        }
        List<String> problems = new ArrayList<>();
        int custom = 0;
        for (Watched metric : used) {
            if (!metric.namespace().equals(NAMESPACE)) {
                continue;
            }
            custom++;
            Set<Set<String>> sets = written.get(metric.name() + " " + metric.dimensions().get("Service"));
            if (sets == null || !sets.contains(metric.dimensions().keySet())) {
                problems.add(metric.toString());
            }
        }
        // the dashboard's metrics (plain ones: [namespace, name, dimension, value, ...]) and searches
        JsonNode dashboard = dashboard();
        for (JsonNode widget : dashboard.get("widgets")) {
            for (JsonNode metric : widget.path("properties").path("metrics")) {
                if (metric.get(0).isTextual() && metric.get(0).asText().equals(NAMESPACE)) {
                    custom++;
                    Map<String, String> dimensions = new TreeMap<>();
                    for (int i = 2; i + 1 < metric.size() && metric.get(i).isTextual(); i += 2) {
                        dimensions.put(metric.get(i).asText(), metric.get(i + 1).asText());
                    }
                    Set<Set<String>> sets = written.get(metric.get(1).asText() + " " + dimensions.get("Service"));
                    if (sets == null || !sets.contains(dimensions.keySet())) {
                        problems.add(metric.toString());
                    }
                } else if (metric.get(0).isObject() && metric.get(0).path("expression").asText().startsWith("SEARCH(")) {
                    custom++;
                    Matcher search = Pattern.compile("SEARCH\\('\\{" + Pattern.quote(NAMESPACE) + ",([^}]*)\\} MetricName=\"([a-z_]+)\"")
                            .matcher(metric.get(0).get("expression").asText());
                    assertTrue(search.find(), metric.toString());
                    Set<String> keys = new TreeSet<>(List.of(search.group(1).split(",")));
                    boolean anyService = written.entrySet().stream()
                            .anyMatch(e -> e.getKey().startsWith(search.group(2) + " ") && e.getValue().contains(keys));
                    if (!anyService) {
                        problems.add(metric.toString());
                    }
                }
            }
        }
        // scaling: the gateways' connections and the workers' queue length
        String scaling = containers.findResources("AWS::ApplicationAutoScaling::ScalingPolicy").toString()
                + serverless.findResources("AWS::ApplicationAutoScaling::ScalingPolicy").toString();
        Matcher scaled = APP_METRIC.matcher(scaling);
        while (scaled.find()) {
            custom++;
            if (!AppMetrics.names().contains(scaled.group(1))) {
                problems.add(scaled.group(1));
            }
        }
        assertEquals(List.of(), problems, "custom metrics no agent writes with those dimensions");
        assertTrue(custom > 50, "metrics checked: " + custom);
    }

    @Test
    void eachAgentKeepsOnlyTheSelectedMetersAndAnswersForItsOwnService() throws IOException {
        Map<String, List<AppMetrics.Selection>> expected = Map.of("Gateway", AppMetrics.GATEWAY, "ScanApi", AppMetrics.SCAN_API);
        for (Map.Entry<String, List<AppMetrics.Selection>> app : expected.entrySet()) {
            String prometheus = prometheusConfig(containers, app.getKey());
            Set<String> kept = new TreeSet<>();
            app.getValue().forEach(s -> kept.add(s.metric()));
            Matcher keep = Pattern.compile("source_labels: \\[__name__\\]\n        regex: '([^']*)'\n        action: keep").matcher(prometheus);
            assertTrue(keep.find(), prometheus);
            assertEquals(kept, new TreeSet<>(List.of(keep.group(1).split("\\|"))), app.getKey());
        }
        assertTrue(prometheusConfig(apiGateway, "Relay").contains("Service: relay"));
        assertTrue(prometheusConfig(apiGateway, "Relay").contains("127.0.0.1:8081"));
        assertTrue(prometheusConfig(containers, "ScanApi").contains("Service: scan-api"));
        assertTrue(prometheusConfig(containers, "ScanApi").contains("127.0.0.1:8080"));
        // refused handshakes only under the close codes that refuse (the other codes' series stay out of CloudWatch)
        String gateway = InfraTest.environment(InfraTest.agentBeside(containers, "Gateway")).get("CW_CONFIG_CONTENT").toString();
        assertTrue(gateway.contains("\"source_labels\":[\"job\",\"outcome\",\"reason\"],\"label_matcher\":\"^gateway;(admitted;none|refused;(1008|4401|4403|4429|1013|1011))$\""), gateway);
    }

    private static String prometheusConfig(Template template, String app) {
        return InfraTest.environment(InfraTest.agentBeside(template, app)).get("PROMETHEUS_CONFIG_CONTENT").toString();
    }
}
