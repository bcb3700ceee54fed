package com.scamscan.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegrationProps;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.TrackCustomMetricProps;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * scan-api serverless: the API as a Lambda function behind an API Gateway HTTP API (payload format 2.0, throttled),
 * and the agent as its own Fargate service of workers ({@code SCAMSCAN_MODE=worker}) on the same Redis. Uses the
 * VPC, Redis, secrets and gateway of the {@link ContainerStack}; the {@code ws_url}s it hands out point at that
 * gateway ({@code wss://domainName}).
 */
public class ServerlessStack extends Stack {

    static final String HANDLER = "com.scamscan.api.lambda.ScanApiFunction::handleRequest";
    /** API Gateway gives an integration at most 30 s; the function answers well inside it or not at all. */
    static final Duration TIMEOUT = Duration.seconds(29);
    static final int WORKER_HEAP_PERCENT = ContainerStack.SCAN_API_HEAP_PERCENT;
    /** The workers' Service dimension of the queue gauges. */
    static final String WORKER_SERVICE = "scan-worker";
    /**
     * Scans on the queue (waiting or being analysed) per running worker that target tracking keeps: a worker analyses
     * one at a time ({@code scamscan.agent.workers} 1), so 2 is one in hand and one waiting.
     */
    static final double QUEUE_PER_WORKER = 2;
    static final Duration QUEUE_WAIT_ALARM = Duration.seconds(60);

    final Function function;
    final HttpApi api;
    final FargateService worker;

    public ServerlessStack(Construct scope, String id, StackProps props, ContainerStack base, ImagesStack images, Sizes sizes) {
        super(scope, id, props);
        function = base.functions.function(this, "ScanApi", HANDLER, sizes.scanApiJar(), sizes.scanApiFunctionMemoryMib(), TIMEOUT,
                sizes.scanApiReservedConcurrency(), Map.of("GATEWAY_URL", base.gatewayUrl),
                "ScamScan scan-api: POST /scan-image, GET /tasks/{task_id} (the agent runs in the ScanWorker service)");

        api = HttpApi.Builder.create(this, "Api").apiName(sizes.prefix() + "-scan-api")
                .description("ScamScan scan-api (Lambda, payload 2.0)")
                .createDefaultStage(false)
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(List.of(sizes.allowedOrigins().split(",")))
                        .allowMethods(List.of(CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS))
                        .allowHeaders(List.of("content-type", "authorization"))
                        .exposeHeaders(List.of("location", "retry-after"))
                        .maxAge(Duration.hours(1)).build())
                .build();
        HttpStage stage = HttpStage.Builder.create(this, "Stage").httpApi(api).stageName("$default").autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(sizes.apiRatePerSecond()).burstLimit(sizes.apiBurst()).build())
                .build();
        HttpLambdaIntegration integration = new HttpLambdaIntegration("ScanApiIntegration", function,
                HttpLambdaIntegrationProps.builder().payloadFormatVersion(PayloadFormatVersion.VERSION_2_0).build());
        api.addRoutes(AddRoutesOptions.builder().path("/scan-image").methods(List.of(HttpMethod.POST)).integration(integration).build());
        api.addRoutes(AddRoutesOptions.builder().path("/tasks/{task_id}").methods(List.of(HttpMethod.GET)).integration(integration).build());

        // workers have no load balancer: nothing reaches their security group; /health/liveness is their container check.
        // The CloudWatch agent beside each worker writes the queue's gauges (every worker reads the same queue)
        worker = base.services.service(this, new Services.Spec("ScanWorker", images.scanApi, ImagesStack.SCAN_API, "ScanApiImageDigest",
                ContainerStack.SCAN_API_PORT, sizes.workerCpu(), sizes.workerMemoryMib(), WORKER_HEAP_PERCENT,
                sizes.workerMinCount(), 100, 200, Map.of("SCAMSCAN_MODE", "worker"),
                new Services.Scrape(WORKER_SERVICE, AppMetrics.WORKER), false));
        scaleOnQueuePerWorker(base, sizes);
        base.alarms.alarm(this, "QueueWaiting", queueMetric(base.base, AppMetrics.QUEUE_OLDEST_WAITING, "Maximum"), QUEUE_WAIT_ALARM.toSeconds().doubleValue(),
                "a scan has waited over " + QUEUE_WAIT_ALARM.toSeconds() + " s for a worker: the workers are at workerMaxCount or not running");
        Monitoring.scanAlarms(this, base.base, WORKER_SERVICE, "Worker");
        Monitoring.shortOfTasks(this, base.base, "ScanWorker", worker);
        base.alarms.alarm(this, "Api5xx", api.metricServerError(), 5,
                "the HTTP API answered over 5 requests with 5xx in 5 minutes (the function failing, timing out or throttled)");

        CfnOutput.Builder.create(this, "ScanApiUrl").value(stage.getUrl())
                .description("POST {url}scan-image; answers carry ws_urls of the gateway").build();
    }

    /** A queue gauge as the workers' agents write it, per minute. */
    static Metric queueMetric(AppBase base, String name, String statistic) {
        return Metric.Builder.create().namespace(base.metricNamespace()).metricName(name)
                .dimensionsMap(Map.of("Service", WORKER_SERVICE)).statistic(statistic).period(Duration.minutes(1)).build();
    }

    /**
     * Target tracking on the queue's length per running worker, {@link #QUEUE_PER_WORKER}: the metric math
     * {@code length / tasks} (the queue gauge over Container Insights' RunningTaskCount of this service). The CDK's
     * target tracking takes a single metric only, so the policy's metric is replaced by the math here (CloudFormation's
     * {@code CustomizedMetricSpecification.Metrics}).
     */
    private void scaleOnQueuePerWorker(ContainerStack base, Sizes sizes) {
        ScalableTaskCount scaling = worker.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(sizes.workerMinCount()).maxCapacity(sizes.workerMaxCount()).build());
        scaling.scaleToTrackCustomMetric("QueuePerWorker", TrackCustomMetricProps.builder()
                .metric(queueMetric(base.base, AppMetrics.QUEUE_LENGTH, "Average"))
                .targetValue(QUEUE_PER_WORKER)
                .scaleOutCooldown(Duration.minutes(1)).scaleInCooldown(Duration.minutes(5)).build());
        CfnScalingPolicy policy = worker.getNode().findAll().stream().filter(CfnScalingPolicy.class::isInstance)
                .map(CfnScalingPolicy.class::cast).findFirst().orElseThrow();
        String spec = "TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification";
        for (String single : List.of("MetricName", "Namespace", "Dimensions", "Statistic")) {
            policy.addPropertyDeletionOverride(spec + "." + single);
        }
        policy.addPropertyOverride(spec + ".Metrics", List.of(
                Map.of("Id", "length", "ReturnData", false, "MetricStat", Map.of("Stat", "Average", "Metric", Map.of(
                        "Namespace", base.base.metricNamespace(), "MetricName", AppMetrics.QUEUE_LENGTH,
                        "Dimensions", List.of(Map.of("Name", "Service", "Value", WORKER_SERVICE))))),
                Map.of("Id", "tasks", "ReturnData", false, "MetricStat", Map.of("Stat", "Average", "Metric", Map.of(
                        "Namespace", "ECS/ContainerInsights", "MetricName", "RunningTaskCount",
                        "Dimensions", List.of(Map.of("Name", "ClusterName", "Value", base.cluster.getClusterName()),
                                Map.of("Name", "ServiceName", "Value", worker.getServiceName()))))),
                Map.of("Id", "perWorker", "Expression", "length / tasks", "Label", "scans on the queue per worker", "ReturnData", true)));
    }
}
