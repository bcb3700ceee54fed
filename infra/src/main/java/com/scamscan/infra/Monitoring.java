package com.scamscan.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;

/** The container deployment's alarms on the ALB and the services, and its dashboard. */
final class Monitoring {

    private Monitoring() {
    }

    /** The gateways' open connections, as the CloudWatch agent beside each writes them, per minute. */
    static Metric gatewayConnections(AppBase base, String statistic) {
        return Metric.Builder.create().namespace(base.metricNamespace()).metricName(Services.CONNECTIONS_METRIC)
                .dimensionsMap(Map.of("Service", "gateway")).statistic(statistic).period(Duration.minutes(1)).build();
    }

    /** The alarms on what the container stack serves, and its dashboard. */
    static Dashboard watch(ContainerStack stack) {
        AppBase base = stack.base;
        Alarms alarms = base.alarms();
        Sizes sizes = base.sizes();
        alarms.alarm(stack, "Alb5xx", stack.site.alb.getMetrics().httpCodeElb(HttpCodeElb.ELB_5XX_COUNT), 10,
                "the ALB answered 5xx itself (no healthy target, or targets closing connections)");
        alarms.alarm(stack, "ScanApiUnhealthy", stack.scanApiTargets.getMetrics().unhealthyHostCount(), 0, "a scan-api task fails its liveness check");
        alarms.alarm(stack, "GatewayUnhealthy", stack.gatewayTargets.getMetrics().unhealthyHostCount(), 0, "a gateway task fails its liveness check");
        alarms.alarm(stack, "GatewayConnectionsHigh", gatewayConnections(base, "Average"), sizes.connectionsPerGateway() * 0.9,
                "the average gateway holds over 90% of its cap: the fleet is at gatewayMaxCount or scaling lags");

        Dashboard dashboard = Dashboard.Builder.create(stack, "Dashboard").dashboardName(sizes.prefix()).build();
        dashboard.addWidgets(
                graph("Requests and ALB 5xx", stack.site.alb.getMetrics().requestCount(),
                        stack.site.alb.getMetrics().httpCodeElb(HttpCodeElb.ELB_5XX_COUNT)),
                graph("Open stream connections per gateway (avg, max)", gatewayConnections(base, "Average"),
                        gatewayConnections(base, "Maximum")),
                graph("Redis memory % of maxmemory", base.redis().nodes.stream()
                        .map(n -> (IMetric) RedisStore.metric("DatabaseMemoryUsagePercentage", n, "Maximum")).toList()),
                graph("Service CPU %", stack.scanApi.metricCpuUtilization(), stack.gateway.metricCpuUtilization()),
                graph("Service memory %", stack.scanApi.metricMemoryUtilization(), stack.gateway.metricMemoryUtilization()));
        return dashboard;
    }

    private static GraphWidget graph(String title, IMetric... metrics) {
        return graph(title, List.of(metrics));
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(12).build();
    }
}
