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
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * scan-api serverless: the API as a Lambda function behind an API Gateway HTTP API (payload format 2.0), and the
 * agent as its own Fargate service of workers ({@code SCAMSCAN_MODE=worker}) on the same Redis. Uses the VPC, Redis,
 * secrets and gateway of the {@link ContainerStack}; the {@code ws_url}s it hands out point at that gateway.
 */
public class ServerlessStack extends Stack {

    static final String HANDLER = "com.scamscan.api.lambda.ScanApiFunction::handleRequest";
    /** API Gateway gives an integration at most 30 s; the function answers well inside it or not at all. */
    static final Duration TIMEOUT = Duration.seconds(29);

    final Function function;
    final HttpApi api;
    final FargateService worker;

    public ServerlessStack(Construct scope, String id, StackProps props, ContainerStack base, Sizes sizes) {
        super(scope, id, props);
        function = base.function(this, "ScanApi", HANDLER, sizes.scanApiJar(), sizes.scanApiFunctionMemoryMib(), TIMEOUT, sizes,
                Map.of("GATEWAY_URL", base.gatewayUrl),
                "ScamScan scan-api: POST /scan-image, GET /tasks/{task_id} (the agent runs in the ScanWorker service)");

        api = HttpApi.Builder.create(this, "Api").apiName("scamscan-scan-api")
                .description("ScamScan scan-api (Lambda, payload 2.0)")
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(List.of(sizes.allowedOrigins().split(",")))
                        .allowMethods(List.of(CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS))
                        .allowHeaders(List.of("content-type", "authorization"))
                        .exposeHeaders(List.of("location", "retry-after"))
                        .maxAge(Duration.hours(1)).build())
                .build();
        HttpLambdaIntegration integration = new HttpLambdaIntegration("ScanApiIntegration", function,
                HttpLambdaIntegrationProps.builder().payloadFormatVersion(PayloadFormatVersion.VERSION_2_0).build());
        api.addRoutes(AddRoutesOptions.builder().path("/scan-image").methods(List.of(HttpMethod.POST)).integration(integration).build());
        api.addRoutes(AddRoutesOptions.builder().path("/tasks/{task_id}").methods(List.of(HttpMethod.GET)).integration(integration).build());

        worker = base.fargate(this, "ScanWorker", sizes.scanApiImage(), sizes.workerCount(), sizes,
                Map.of("SCAMSCAN_MODE", "worker"), null);

        CfnOutput.Builder.create(this, "ScanApiUrl").value(api.getApiEndpoint())
                .description("POST {url}/scan-image; answers carry ws_urls of the gateway").build();
    }
}
