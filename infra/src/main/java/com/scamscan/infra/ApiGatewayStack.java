package com.scamscan.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
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
        Map<String, String> shared = new java.util.HashMap<>(base.redisEnvironment);
        shared.putAll(Map.of(
                "SCAMSCAN_ALLOWED_ORIGINS", sizes.allowedOrigins(),
                "SCAMSCAN_GATEWAY_BUDGET_CAP", Integer.toString(sizes.budgetCap())));

        java.util.Map<String, String> functionEnvironment = new java.util.HashMap<>(shared);
        // Lambda has no secret injection: the values are resolved at deploy time from Secrets Manager
        functionEnvironment.put("SCAMSCAN_TOKEN_SECRET", base.tokenSecret.getSecretValue().unsafeUnwrap());
        functionEnvironment.put("SCAMSCAN_REDIS_PASSWORD", base.redisPassword.getSecretValue().unsafeUnwrap());
        function = Function.Builder.create(this, "Connections")
                .runtime(Runtime.JAVA_17).handler(HANDLER).code(Code.fromAsset(sizes.lambdaJar()))
                .memorySize(1024).timeout(Duration.seconds(15))
                .vpc(base.vpc).vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .securityGroups(List.of(base.redisClients))
                .environment(new java.util.TreeMap<>(functionEnvironment))
                .description("ScamScan $connect/$disconnect/$default: admission, records, announcements")
                .build();

        api = WebSocketApi.Builder.create(this, "Api").apiName("scamscan-progress")
                .connectRouteOptions(WebSocketRouteOptions.builder().integration(new WebSocketLambdaIntegration("ConnectIntegration", function)).build())
                .disconnectRouteOptions(WebSocketRouteOptions.builder().integration(new WebSocketLambdaIntegration("DisconnectIntegration", function)).build())
                .defaultRouteOptions(WebSocketRouteOptions.builder().integration(new WebSocketLambdaIntegration("DefaultIntegration", function)).build())
                .build();
        stage = WebSocketStage.Builder.create(this, "Stage").webSocketApi(api).stageName("prod").autoDeploy(true).build();

        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "RelayTask")
                .cpu(sizes.taskCpu()).memoryLimitMiB(sizes.taskMemoryMib()).build();
        java.util.Map<String, String> relayEnvironment = new java.util.HashMap<>(shared);
        relayEnvironment.put("SCAMSCAN_APIGATEWAY_ENDPOINT", stage.getCallbackUrl());
        task.addContainer("Relay", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry(sizes.relayImage()))
                .environment(new java.util.TreeMap<>(relayEnvironment))
                .secrets(new java.util.TreeMap<>(Map.of(
                        "SCAMSCAN_TOKEN_SECRET", software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(base.tokenSecret),
                        "SCAMSCAN_REDIS_PASSWORD", software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(base.redisPassword))))
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().streamPrefix("relay").build()))
                .build());
        stage.grantManagementApiAccess(task.getTaskRole());
        relay = FargateService.Builder.create(this, "Relay").cluster(base.cluster).taskDefinition(task)
                .desiredCount(1).securityGroups(List.of(base.redisClients))
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .build();

        CfnOutput.Builder.create(this, "WebSocketUrl").value(stage.getUrl())
                .description("scan-api's scamscan.scan.gateway-url, with scamscan.scan.gateway-style=query").build();
    }
}
