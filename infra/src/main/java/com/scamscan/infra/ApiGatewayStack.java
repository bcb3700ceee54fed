package com.scamscan.infra;

import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * The API Gateway WebSocket deployment: a WebSocket API whose {@code $connect}, {@code $disconnect} and
 * {@code $default} routes invoke one Java function (the apigateway module's {@code WebSocketEventHandler}), a
 * stage, and the relay service on Fargate with the permission to post to connections
 * ({@code execute-api:ManageConnections}). Uses the VPC, Redis and secrets of the {@link ContainerStack}.
 */
public class ApiGatewayStack extends Stack {

    static final String HANDLER = "com.scamscan.apigateway.WebSocketEventHandler::handleRequest";

    final WebSocketApi api;
    final WebSocketStage stage;
    final Function function;
    final FargateService relay;

    public ApiGatewayStack(Construct scope, String id, StackProps props, ContainerStack base, Sizes sizes) {
        super(scope, id, props);
        function = base.function(this, "Connections", HANDLER, sizes.lambdaJar(), 1024, Duration.seconds(15), sizes,
                Map.of("SCAMSCAN_GATEWAY_BUDGET_CAP", Integer.toString(sizes.budgetCap())),
                "ScamScan $connect/$disconnect/$default: admission, records, announcements");

        api = WebSocketApi.Builder.create(this, "Api").apiName("scamscan-progress")
                .connectRouteOptions(WebSocketRouteOptions.builder().integration(new WebSocketLambdaIntegration("ConnectIntegration", function)).build())
                .disconnectRouteOptions(WebSocketRouteOptions.builder().integration(new WebSocketLambdaIntegration("DisconnectIntegration", function)).build())
                .defaultRouteOptions(WebSocketRouteOptions.builder().integration(new WebSocketLambdaIntegration("DefaultIntegration", function)).build())
                .build();
        stage = WebSocketStage.Builder.create(this, "Stage").webSocketApi(api).stageName("prod").autoDeploy(true).build();

        relay = base.fargate(this, "Relay", sizes.relayImage(), 1, sizes, Map.of(
                "SCAMSCAN_GATEWAY_BUDGET_CAP", Integer.toString(sizes.budgetCap()),
                "SCAMSCAN_APIGATEWAY_ENDPOINT", stage.getCallbackUrl()), null);
        stage.grantManagementApiAccess(relay.getTaskDefinition().getTaskRole());

        CfnOutput.Builder.create(this, "WebSocketUrl").value(stage.getUrl())
                .description("scan-api's scamscan.scan.gateway-url, with scamscan.scan.gateway-style=query").build();
    }
}
