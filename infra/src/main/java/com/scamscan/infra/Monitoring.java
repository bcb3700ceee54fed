package com.scamscan.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;

/**
 * The CloudWatch side of docs/observability.md: the alarms that mirror the Prometheus rules of
 * {@code deploy/observability/alerts.yml} on the metrics the CloudWatch agents write ({@link AppMetrics}), the
 * AWS-side alarms (load balancer, services, Redis; the functions' in {@link Functions}), and the environment's
 * dashboard with the Grafana dashboard's panels. Every alarm notifies the environment's topic ({@link Alarms}).
 */
final class Monitoring {

    /** The Service dimension of each scraped service. */
    static final String GATEWAY = ImagesStack.GATEWAY;
    static final String SCAN_API = ImagesStack.SCAN_API;
    static final String WORKER = ServerlessStack.WORKER_SERVICE;
    static final String RELAY = "relay";

    /**
     * Prometheus: p99 live lag over 1 s for 10 min. CloudWatch: over 1% of live frames later than 1 s (the gateway's
     * counters), in two 5-minute periods in a row. The dashboard also shows the worst frame of each minute.
     */
    static final double LAG_SECONDS = 1;
    static final double LATE_SHARE = 0.01;
    /** Prometheus: any one close code refused over 5/s (5 min rate) for 10 min: over 1,500 in each of two 5-min periods. */
    static final double REFUSED_PER_SECOND = 5;
    /**
     * Prometheus: p95 queue wait over 30 s for 10 min; the oldest waiting scan over 120 s for 5 min. CloudWatch: over 5%
     * of the scans taken had waited over 30 s, in two 5-minute periods in a row.
     */
    static final double QUEUE_WAIT_SECONDS = 30;
    static final double QUEUE_LATE_SHARE = 0.05;
    static final double QUEUE_STUCK_SECONDS = 120;
    /** Prometheus: over 5% of scans failed (15 min rate) for 15 min. */
    static final double FAILED_SHARE = 0.05;
    /** Prometheus: a configured feed not refreshed for 6 hours, for 15 min. */
    static final double FEED_AGE_SECONDS = 6 * 3600;
    /** Tasks fewer than desired this long: longer than a replacement takes (start, 120 s health grace, registration). */
    static final int SHORT_OF_TASKS_MINUTES = 10;

    private Monitoring() {
    }

    /** One of the apps' metrics as {@code service}'s agent writes it, with {@code labels} as further dimensions. */
    static Metric app(AppBase base, String service, String name, String statistic, Duration period, Map<String, String> labels) {
        Map<String, String> dimensions = new TreeMap<>(labels);
        dimensions.put("Service", service);
        return Metric.Builder.create().namespace(base.metricNamespace()).metricName(name).dimensionsMap(dimensions)
                .statistic(statistic).period(period).build();
    }

    static Metric app(AppBase base, String service, String name, String statistic, Duration period) {
        return app(base, service, name, statistic, period, Map.of());
    }

    /** The gateways' open connections, as the CloudWatch agent beside each writes them, per minute. */
    static Metric gatewayConnections(AppBase base, String statistic) {
        return app(base, GATEWAY, AppMetrics.CONNECTIONS, statistic, Duration.minutes(1));
    }

    /** The alarms on what the container stack serves, and the environment's dashboard. */
    static Dashboard watch(ContainerStack stack) {
        AppBase base = stack.base;
        Alarms alarms = base.alarms();
        Sizes sizes = base.sizes();
        alarms.alarm(stack, "Alb5xx", stack.site.alb.getMetrics().httpCodeElb(HttpCodeElb.ELB_5XX_COUNT), 10,
                "the ALB answered 5xx itself (no healthy target, or targets closing connections)");
        alarms.alarm(stack, "ScanApi5xx", stack.scanApiTargets.getMetrics().httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT), 10,
                "scan-api answered over 10 requests with 5xx in 5 minutes (queue full, Redis away, or a fault)");
        alarms.alarm(stack, "ScanApiUnhealthy", stack.scanApiTargets.getMetrics().unhealthyHostCount(), 0, "a scan-api task fails its liveness check");
        alarms.alarm(stack, "GatewayUnhealthy", stack.gatewayTargets.getMetrics().unhealthyHostCount(), 0, "a gateway task fails its liveness check");
        alarms.alarm(stack, "GatewayConnectionsHigh", gatewayConnections(base, "Average"), sizes.connectionsPerGateway() * 0.9,
                "the average gateway holds over 90% of its cap: the fleet is at gatewayMaxCount or scaling lags");
        shortOfTasks(stack, base, "ScanApi", stack.scanApi);
        shortOfTasks(stack, base, "Gateway", stack.gateway);
        relayAlarms(stack, base, GATEWAY, "Gateway");
        gatewayAlarms(stack, base);
        scanAlarms(stack, base, SCAN_API, "ScanApi");
        alarms.alarm(stack, "ScanApiUploadsRefused", sum(base, SCAN_API, AppMetrics.UPLOADS, Duration.minutes(1), "problem",
                        AppMetrics.UPLOAD_REFUSALS_OURS, Map.of("outcome", "refused"), "uploads refused for queue-full or redis-unavailable"),
                0, 5, "scan-api refused uploads for its own reasons (queue-full, redis-unavailable) for 5 minutes");
        return dashboard(stack);
    }

    /** Prometheus ScamScanHandshakesRefused and ScamScanBudgetSaturated: the gateway's admission. */
    private static void gatewayAlarms(ContainerStack stack, AppBase base) {
        Duration five = Duration.minutes(5);
        for (String code : AppMetrics.REFUSAL_CODES) {
            base.alarms().alarm(stack, "HandshakesRefused" + code,
                    app(base, GATEWAY, AppMetrics.HANDSHAKES, "Sum", five, Map.of("outcome", "refused", "reason", code)),
                    REFUSED_PER_SECOND * five.toSeconds().doubleValue(), 2,
                    "gateways refused over " + (int) REFUSED_PER_SECOND + " handshakes/s with close code " + code + " for 10 minutes");
        }
        base.alarms().alarm(stack, "BudgetSaturated", sum(base, GATEWAY, AppMetrics.BUDGET_REJECTED, Duration.minutes(1), "reason",
                        AppMetrics.BUDGET_FULL, Map.of(), "connections refused by a full budget"), 0, 5,
                "the connection budget turned clients away (fleet_full or instance_full) for 5 minutes: raise budgetCap or connectionsPerGateway");
    }

    /** Prometheus ScamScanDeliveryLagHigh and ScamScanSlowClientsDropped: anything that relays progress (gateway, relay). */
    static void relayAlarms(Stack stack, AppBase base, String service, String id) {
        base.alarms().alarm(stack, id + "DeliveryLag", lateShare(base, service, AppMetrics.LAG_LATE, AppMetrics.LAG_TIMED,
                        Map.of("phase", "live"), "share of live frames later than 1 s"),
                LATE_SHARE, 2, "over 1% of live frames took over " + (int) LAG_SECONDS + " s from publish to delivery "
                        + "(p99 over 1 s), in two 5-minute periods in a row (" + service + ")");
        base.alarms().alarm(stack, id + "SlowClientsDropped", app(base, service, AppMetrics.SLOW_CLIENTS, "Sum", Duration.minutes(5)),
                300, 2, "over 1 client/s dropped for reading too slowly for 10 minutes (" + service + ")");
    }

    /**
     * Prometheus ScamScanQueueWaitHigh, ScamScanQueueStuck, ScamScanScanFailures and ScamScanFeedStale: anything that
     * runs the agent (scan-api in the container stack, the workers in the serverless stack).
     */
    static void scanAlarms(Stack stack, AppBase base, String service, String id) {
        Alarms alarms = base.alarms();
        alarms.alarm(stack, id + "QueueWait", lateShare(base, service, AppMetrics.QUEUE_WAITS_LATE, AppMetrics.QUEUE_WAITS, Map.of(),
                        "share of scans that waited over 30 s"),
                QUEUE_LATE_SHARE, 2, "over 5% of scans waited over " + (int) QUEUE_WAIT_SECONDS + " s for a worker (p95 over 30 s), "
                        + "in two 5-minute periods in a row (" + service + ")");
        alarms.alarm(stack, id + "QueueStuck", app(base, service, AppMetrics.QUEUE_OLDEST_WAITING, "Maximum", Duration.minutes(1)),
                QUEUE_STUCK_SECONDS, 5, "a scan has waited over " + (int) QUEUE_STUCK_SECONDS + " s without a worker taking it, for 5 minutes (" + service + ")");
        Duration fifteen = Duration.minutes(15);
        alarms.alarm(stack, id + "ScanFailures", MathExpression.Builder.create()
                        .expression("failed / (failed + completed)")
                        .usingMetrics(Map.of(
                                "failed", app(base, service, AppMetrics.FAILURES, "Sum", fifteen),
                                "completed", app(base, service, AppMetrics.VERDICTS, "Sum", fifteen)))
                        .label("share of scans ended failed").period(fifteen).build(),
                FAILED_SHARE, 2, "over " + (int) (FAILED_SHARE * 100) + "% of scans ended failed, in two 15-minute periods in a row (" + service + ")");
        alarms.alarm(stack, id + "FeedStale", app(base, service, AppMetrics.FEED_AGE, "Maximum", Duration.minutes(5)),
                FEED_AGE_SECONDS, 3, "a configured scam database feed has not refreshed for 6 hours (" + service + ")");
    }

    /**
     * The share of a count that was late, per 5 minutes: {@code late} over {@code all} (counters' {@code Sum}s); no
     * data or nothing counted reads 0, so a quiet service does not alarm.
     */
    private static MathExpression lateShare(AppBase base, String service, String late, String all, Map<String, String> labels,
                                            String description) {
        Duration five = Duration.minutes(5);
        return MathExpression.Builder.create()
                .expression("IF(FILL(total, 0) > 0, FILL(late, 0) / total, 0)")
                .usingMetrics(Map.of(
                        "late", app(base, service, late, "Sum", five, labels),
                        "total", app(base, service, all, "Sum", five, labels)))
                .label(description).period(five).build();
    }

    /** A service running fewer tasks than ECS wants, for {@link #SHORT_OF_TASKS_MINUTES} (Container Insights' counts). */
    static void shortOfTasks(Stack stack, AppBase base, String id, FargateService service) {
        Duration minute = Duration.minutes(1);
        base.alarms().alarm(stack, id + "ShortOfTasks", MathExpression.Builder.create()
                        .expression("desired - running")
                        .usingMetrics(Map.of(
                                "desired", serviceTasks(base, service, "DesiredTaskCount"),
                                "running", serviceTasks(base, service, "RunningTaskCount")))
                        .label("tasks short of desired").period(minute).build(),
                0, SHORT_OF_TASKS_MINUTES, id + " has run fewer tasks than desired for " + SHORT_OF_TASKS_MINUTES
                        + " minutes (tasks failing to start: image, secrets, Redis, capacity)");
    }

    private static Metric serviceTasks(AppBase base, FargateService service, String name) {
        return Metric.Builder.create().namespace("ECS/ContainerInsights").metricName(name)
                .dimensionsMap(Map.of("ClusterName", base.sizes().prefix(), "ServiceName", service.getServiceName()))
                .statistic("Average").period(Duration.minutes(1)).build();
    }

    /**
     * The sum of a counter over some values of one label (each its own metric; a value with no data counts 0), with
     * {@code fixed} further dimensions.
     */
    private static MathExpression sum(AppBase base, String service, String name, Duration period, String label, List<String> values,
                                      Map<String, String> fixed, String description) {
        Map<String, IMetric> using = new LinkedHashMap<>();
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Map<String, String> labels = new TreeMap<>(fixed);
            labels.put(label, values.get(i));
            using.put("m" + i, app(base, service, name, "Sum", period, labels));
            terms.add("FILL(m" + i + ", 0)");
        }
        return MathExpression.Builder.create().expression(String.join(" + ", terms)).usingMetrics(using)
                .label(description).period(period).build();
    }

    /**
     * A CloudWatch search over one metric of ours, grouped by its other dimensions: Grafana's {@code sum by (...)},
     * for label values not known here (problem types, feeds) or too many to list. Dashboards only (alarms take no
     * search). Each series is labelled with its service and label values (CloudWatch's dynamic labels).
     */
    static MathExpression search(AppBase base, String name, List<String> dimensions, String filter, String statistic, String label) {
        List<String> schema = new ArrayList<>(List.of(base.metricNamespace(), "Service"));
        schema.addAll(dimensions);
        String expression = "SEARCH('{" + String.join(",", schema) + "} MetricName=\"" + name + "\"" + (filter.isEmpty() ? "" : " " + filter)
                + "', '" + statistic + "', 60)";
        // a dynamic label per series: the service and the label values it was found under
        String labels = schema.subList(1, schema.size()).stream().map(d -> "${PROP('Dim." + d + "')}").collect(Collectors.joining(" "));
        return MathExpression.Builder.create().expression(expression).label(label + " " + labels).period(Duration.minutes(1)).build();
    }

    private static Dashboard dashboard(ContainerStack stack) {
        AppBase base = stack.base;
        Sizes sizes = base.sizes();
        Duration minute = Duration.minutes(1);
        Dashboard dashboard = Dashboard.Builder.create(stack, "Dashboard").dashboardName(sizes.prefix()).build();
        dashboard.addWidgets(TextWidget.Builder.create().width(24).height(2).markdown(
                "## ScamScan " + sizes.envName() + "\nThe Grafana dashboard's panels (deploy/observability/grafana-dashboard.json) on the "
                        + "CloudWatch agents' metrics (namespace " + base.metricNamespace() + "): timers as their largest value of the "
                        + "last minutes, not percentiles; counters per minute. See docs/observability.md.").build());
        // the Grafana dashboard's panels, in its order
        List<IMetric> lag = new ArrayList<>();
        for (String service : List.of(GATEWAY, RELAY)) {
            lag.add(app(base, service, AppMetrics.LAG_MAX, "Maximum", minute, Map.of("phase", "live")).with(
                    software.amazon.awscdk.services.cloudwatch.MetricOptions.builder().label(service + ": worst live frame").build()));
        }
        dashboard.addWidgets(
                graph("Publish-to-deliver lag (live frames), s", lag, List.of(), LAG_SECONDS),
                graph("Refused handshakes by close code, per minute", List.of(
                        search(base, AppMetrics.HANDSHAKES, List.of("outcome", "reason"), "outcome=\"refused\"", "Sum", "refused")),
                        List.of(app(base, GATEWAY, AppMetrics.HANDSHAKES, "Sum", minute, Map.of("outcome", "admitted", "reason", "none"))), null));
        dashboard.addWidgets(
                graph("Connection budget (fleet)", List.of(
                        fleet(base, stack.gateway, AppMetrics.BUDGET_HELD, "held", "slots held"),
                        fleet(base, stack.gateway, AppMetrics.CONNECTIONS, "open", "open connections")),
                        List.of(search(base, AppMetrics.BUDGET_REJECTED, List.of("reason"), "", "Sum", "rejected per minute")), (double) sizes.budgetCap()),
                graph("Frames and bytes sent, per minute", List.of(
                        app(base, GATEWAY, AppMetrics.FRAMES, "Sum", minute), app(base, RELAY, AppMetrics.FRAMES, "Sum", minute),
                        app(base, GATEWAY, AppMetrics.SLOW_CLIENTS, "Sum", minute), app(base, GATEWAY, AppMetrics.CATCHUPS, "Sum", minute)),
                        List.of(app(base, GATEWAY, AppMetrics.FRAME_BYTES, "Sum", minute), app(base, RELAY, AppMetrics.FRAME_BYTES, "Sum", minute)), null));
        List<IMetric> queue = new ArrayList<>();
        List<IMetric> analysis = new ArrayList<>();
        for (String service : List.of(SCAN_API, WORKER)) {
            queue.add(app(base, service, AppMetrics.QUEUE_WAIT_MAX, "Maximum", minute));
            queue.add(app(base, service, AppMetrics.QUEUE_OLDEST_WAITING, "Maximum", minute));
            analysis.add(app(base, service, AppMetrics.ANALYSIS_MAX, "Maximum", minute, Map.of("outcome", "completed")));
        }
        analysis.add(search(base, AppMetrics.TOOL_MAX, List.of("tool"), "", "Maximum", "slowest run by tool"));
        dashboard.addWidgets(
                graph("Queue: wait and oldest waiting scan (max, s)", queue,
                        List.of(app(base, SCAN_API, AppMetrics.QUEUE_WAITING, "Maximum", minute), app(base, WORKER, AppMetrics.QUEUE_WAITING, "Maximum", minute)),
                        QUEUE_WAIT_SECONDS),
                graph("Uploads by outcome and problem, per minute", List.of(
                        search(base, AppMetrics.UPLOADS, List.of("outcome", "problem"), "", "Sum", "uploads")), List.of(), null));
        dashboard.addWidgets(
                graph("Analysis duration (slowest, s)", analysis, List.of(), null),
                graph("Verdicts, failures, retries, per minute", List.of(
                        search(base, AppMetrics.VERDICTS, List.of("label"), "", "Sum", "verdicts"),
                        search(base, AppMetrics.FAILURES, List.of("reason"), "", "Sum", "failed")),
                        List.of(app(base, SCAN_API, AppMetrics.RETRIES, "Sum", minute), app(base, WORKER, AppMetrics.RETRIES, "Sum", minute)), null));
        List<IMetric> redisLatency = new ArrayList<>();
        for (String node : base.redis().nodes) {
            redisLatency.add(RedisStore.metric("StringBasedCmdsLatency", node, "Average", minute));
        }
        dashboard.addWidgets(
                graph("Scam database feed age (s)", List.of(search(base, AppMetrics.FEED_AGE, List.of("feed"), "", "Maximum", "age")),
                        List.of(), FEED_AGE_SECONDS),
                graph("Redis round trip (server side, string commands, µs)", redisLatency, List.of(), null));
        // the AWS side
        dashboard.addWidgets(
                graph("Requests and 5xx", List.of(stack.site.alb.getMetrics().requestCount()),
                        List.of(stack.site.alb.getMetrics().httpCodeElb(HttpCodeElb.ELB_5XX_COUNT),
                                stack.scanApiTargets.getMetrics().httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT)), null),
                graph("Open stream connections per gateway (avg, max)", List.of(gatewayConnections(base, "Average"),
                        gatewayConnections(base, "Maximum")), List.of(), sizes.connectionsPerGateway() * 0.9));
        dashboard.addWidgets(
                graph("Redis memory % of maxmemory and engine CPU %", base.redis().nodes.stream()
                        .map(n -> (IMetric) RedisStore.metric("DatabaseMemoryUsagePercentage", n, "Maximum")).toList(),
                        base.redis().nodes.stream().map(n -> (IMetric) RedisStore.metric("EngineCPUUtilization", n, "Average")).toList(), null),
                graph("Service CPU and memory %", List.of(stack.scanApi.metricCpuUtilization(), stack.gateway.metricCpuUtilization()),
                        List.of(stack.scanApi.metricMemoryUtilization(), stack.gateway.metricMemoryUtilization()), null));
        List<IMetric> lambdaErrors = new ArrayList<>();
        List<IMetric> lambdaThrottles = new ArrayList<>();
        for (String function : List.of(sizes.prefix() + "-scanapi", sizes.prefix() + "-connections")) {
            lambdaErrors.add(lambda(function, "Errors"));
            lambdaThrottles.add(lambda(function, "Throttles"));
        }
        dashboard.addWidgets(graph("Functions: errors (left), throttles (right), per 5 minutes", lambdaErrors, lambdaThrottles, null));
        return dashboard;
    }

    /** A gauge summed over the service's tasks: the tasks' average times Container Insights' running tasks. */
    private static MathExpression fleet(AppBase base, FargateService service, String name, String id, String label) {
        return MathExpression.Builder.create().expression(id + " * tasks")
                .usingMetrics(Map.of(id, app(base, GATEWAY, name, "Average", Duration.minutes(1)),
                        "tasks", serviceTasks(base, service, "RunningTaskCount")))
                .label(label).period(Duration.minutes(1)).build();
    }

    /** A function's metric by its name (the functions live in the other stacks: no reference to them from here). */
    private static Metric lambda(String function, String name) {
        return Metric.Builder.create().namespace("AWS/Lambda").metricName(name).dimensionsMap(Map.of("FunctionName", function))
                .statistic("Sum").period(Duration.minutes(5)).label(function + " " + name).build();
    }

    private static GraphWidget graph(String title, List<IMetric> left, List<IMetric> right, Double line) {
        GraphWidget.Builder widget = GraphWidget.Builder.create().title(title).left(left).right(right).width(12).height(6);
        if (line != null) {
            widget.leftAnnotations(List.of(HorizontalAnnotation.builder().value(line).build()));
        }
        return widget.build();
    }
}
