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
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
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

        // workers have no load balancer: nothing reaches their security group; /health/liveness is their container check
        worker = base.services.service(this, new Services.Spec("ScanWorker", images.scanApi, ImagesStack.SCAN_API, "ScanApiImageDigest",
                ContainerStack.SCAN_API_PORT, sizes.workerCpu(), sizes.workerMemoryMib(), WORKER_HEAP_PERCENT,
                sizes.workerMinCount(), 100, 200, Map.of("SCAMSCAN_MODE", "worker"), false, false));
        // OCR is CPU-bound: busy workers are a long queue (queue-length scaling waits for the apps to publish that gauge)
        worker.autoScaleTaskCount(EnableScalingProps.builder().minCapacity(sizes.workerMinCount()).maxCapacity(sizes.workerMaxCount()).build())
                .scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder().targetUtilizationPercent(70)
                        .scaleInCooldown(Duration.minutes(5)).build());

        CfnOutput.Builder.create(this, "ScanApiUrl").value(stage.getUrl())
                .description("POST {url}scan-image; answers carry ws_urls of the gateway").build();
    }
}
