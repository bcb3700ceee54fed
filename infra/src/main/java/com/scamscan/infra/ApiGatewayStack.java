package com.scamscan.infra;

import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * The API Gateway WebSocket deployment: a WebSocket API whose {@code $connect}, {@code $disconnect} and
 * {@code $default} routes invoke one Java function (the apigateway-function module's {@code WebSocketEventHandler}), a
 * throttled stage, and the relay service on Fargate with the permission to post to connections
 * ({@code execute-api:ManageConnections}). Uses the VPC, Redis and secrets of the {@link ContainerStack}.
 *
 * <p>The relay runs as {@link #RELAY_COUNT} tasks, health-checked, of which only the holder of the leader lease in
 * Redis posts (the apigateway-relay module's RelayLease): the others stand by. A deployment starts the new tasks
 * before it stops the old ones (minimum healthy 100%, maximum 200%); the stopping leader hands its connections over
 * (recording each one's last delivered event) and ends its lease, and a standby takes over within a third of the
 * lease, going on after those events: no frame posted twice, no minute-long gap (docs/deploy.md). The stop timeout
 * covers that hand-over.
 */
public class ApiGatewayStack extends Stack {

    static final String HANDLER = "com.scamscan.apigateway.WebSocketEventHandler::handleRequest";
    /** A leader and a standby. */
    static final int RELAY_COUNT = 2;

    final WebSocketApi api;
    final WebSocketStage stage;
    final Function function;
    final FargateService relay;

    public ApiGatewayStack(Construct scope, String id, StackProps props, ContainerStack base, ImagesStack images, Sizes sizes) {
        super(scope, id, props);
        function = base.functions.function(this, "Connections", HANDLER, sizes.lambdaJar(), 1024, Duration.seconds(15),
                sizes.connectionsReservedConcurrency(),
                Map.of("SCAMSCAN_GATEWAY_BUDGET_CAP", Integer.toString(sizes.budgetCap())),
                "ScamScan $connect/$disconnect/$default: admission, records, announcements");

        api = WebSocketApi.Builder.create(this, "Api").apiName(sizes.prefix() + "-progress")
                .connectRouteOptions(WebSocketRouteOptions.builder().integration(new WebSocketLambdaIntegration("ConnectIntegration", function)).build())
                .disconnectRouteOptions(WebSocketRouteOptions.builder().integration(new WebSocketLambdaIntegration("DisconnectIntegration", function)).build())
                .defaultRouteOptions(WebSocketRouteOptions.builder().integration(new WebSocketLambdaIntegration("DefaultIntegration", function)).build())
                .build();
        stage = WebSocketStage.Builder.create(this, "Stage").webSocketApi(api).stageName(sizes.envName()).autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(sizes.apiRatePerSecond()).burstLimit(sizes.apiBurst()).build())
                .build();

        relay = base.services.service(this, new Services.Spec("Relay", images.relay, ImagesStack.RELAY, "RelayImageDigest",
                ContainerStack.GATEWAY_PORT, sizes.relayCpu(), sizes.relayMemoryMib(), ContainerStack.GATEWAY_HEAP_PERCENT, RELAY_COUNT,
                100, 200, Map.of(
                "SCAMSCAN_GATEWAY_BUDGET_CAP", Integer.toString(sizes.budgetCap()),
                "SCAMSCAN_APIGATEWAY_ENDPOINT", stage.getCallbackUrl()), new Services.Scrape(Monitoring.RELAY, AppMetrics.RELAY), false));
        stage.grantManagementApiAccess(relay.getTaskDefinition().getTaskRole());
        Monitoring.relayAlarms(this, base.base, Monitoring.RELAY, "Relay");
        Monitoring.shortOfTasks(this, base.base, "Relay", relay);
        base.alarms.alarm(this, "WebSocketExecutionErrors", Metric.Builder.create().namespace("AWS/ApiGateway").metricName("ExecutionError")
                .dimensionsMap(Map.of("ApiId", api.getApiId(), "Stage", stage.getStageName())).statistic("Sum").period(Duration.minutes(5)).build(), 5,
                "the WebSocket API failed to call its function over 5 times in 5 minutes (throttled, failed or timed out)");

        CfnOutput.Builder.create(this, "WebSocketUrl").value(stage.getUrl())
                .description("scan-api's scamscan.scan.gateway-url, with scamscan.scan.gateway-style=query").build();
    }
}
