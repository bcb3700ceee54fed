package com.scamscan.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Synthesises both stacks (CDK runs its JavaScript core on Node.js) and pins what the deployment relies on. */
class InfraTest {

    private static Template containers;
    private static Template apiGateway;
    private static Template serverless;

    @BeforeAll
    static void synth() throws IOException {
        InfraApp.Stacks stacks = synth(Map.of());
        containers = Template.fromStack(stacks.containers());
        apiGateway = Template.fromStack(stacks.apiGateway());
        serverless = Template.fromStack(stacks.serverless());
    }

    private static InfraApp.Stacks synth(Map<String, String> more) throws IOException {
        Path dir = Files.createTempDirectory("scamscan-cdk");
        Path jar = dir.resolve("function.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("placeholder.txt"));
            zip.write("the apigateway jar in a real deployment".getBytes());
            zip.closeEntry();
        }
        Map<String, Object> context = new java.util.HashMap<>(Map.of("lambdaJar", jar.toString(), "scanApiJar", jar.toString(),
                "budgetCap", "777",
                "connectionsPerGateway", "1000", "gatewayMinCount", "2", "gatewayMaxCount", "6", "allowedOrigins", "https://app.example"));
        context.putAll(more);
        App app = App.Builder.create().outdir(dir.resolve("cdk.out").toString()).context(context).build();
        return InfraApp.build(app);
    }

    @Test
    void scanApiRunsAsAFunctionBehindAnHttpApiRouteWithItsWorkersAsAService() {
        serverless.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "com.scamscan.api.lambda.ScanApiFunction::handleRequest",
                "Runtime", "java17",
                "MemorySize", 2048,
                "Timeout", 29,
                "VpcConfig", Match.objectLike(Map.of("SubnetIds", Match.anyValue())),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "GATEWAY_URL", Match.anyValue(),
                        "REDIS_URL", Match.anyValue(),
                        "SCAMSCAN_ALLOWED_ORIGINS", "https://app.example",
                        "SCAMSCAN_TOKEN_SECRET", Match.anyValue(),
                        "SCAMSCAN_REDIS_PASSWORD", Match.anyValue())))));
        serverless.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of(
                "ProtocolType", "HTTP",
                "CorsConfiguration", Match.objectLike(Map.of("AllowOrigins", List.of("https://app.example")))));
        serverless.resourceCountIs("AWS::ApiGatewayV2::Route", 2);
        serverless.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "POST /scan-image"));
        serverless.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "GET /tasks/{task_id}"));
        serverless.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of(
                "IntegrationType", "AWS_PROXY", "PayloadFormatVersion", "2.0"));

        serverless.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Name", "ScanWorker",
                "Image", "scamscan/scan-api:0.1.0",
                "Environment", Match.arrayWith(List.of(Map.of("Name", "SCAMSCAN_MODE", "Value", "worker"))),
                "Secrets", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Name", "SCAMSCAN_REDIS_PASSWORD")),
                        Match.objectLike(Map.of("Name", "SCAMSCAN_TOKEN_SECRET")))),
                "PortMappings", Match.absent())))));
        serverless.hasResourceProperties("AWS::ECS::Service", Map.of("DesiredCount", 2, "LaunchType", "FARGATE"));
        serverless.resourceCountIs("AWS::ElasticLoadBalancingV2::TargetGroup", 0);
    }

    @Test
    void withShardsRedisIsAClusterAndTheAppsGetItsSeed() throws IOException {
        InfraApp.Stacks stacks = synth(Map.of("redisShards", "3"));
        Template clustered = Template.fromStack(stacks.containers());
        clustered.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of(
                "NumNodeGroups", 3,
                "ReplicasPerNodeGroup", 1,
                "CacheParameterGroupName", "default.redis7.cluster.on",
                "TransitEncryptionEnabled", true,
                "AuthToken", Match.anyValue()));
        for (Template template : List.of(clustered, Template.fromStack(stacks.apiGateway()), Template.fromStack(stacks.serverless()))) {
            String json = template.toJSON().toString();
            org.junit.jupiter.api.Assertions.assertTrue(json.contains("SCAMSCAN_REDIS_URIS"), "cluster seed handed out");
            org.junit.jupiter.api.Assertions.assertFalse(json.contains("REDIS_URL"), "no single-server URL left");
        }
        containers.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Name", "Gateway", "Environment", Match.arrayWith(List.of(Match.objectLike(Map.of("Name", "REDIS_URL")))))))));
    }

    @Test
    void redisIsReplicatedEncryptedAndBehindAuth() {
        containers.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of(
                "Engine", "redis",
                "EngineVersion", "7.1",
                "NumCacheClusters", 2,
                "AutomaticFailoverEnabled", true,
                "TransitEncryptionEnabled", true,
                "AtRestEncryptionEnabled", true,
                "AuthToken", Match.anyValue()));
        containers.resourceCountIs("AWS::EC2::VPC", 1);
    }

    @Test
    void scanApiAndGatewayRunOnFargateWithTheirSecretsAndSettings() {
        containers.resourceCountIs("AWS::ECS::Service", 2);
        containers.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Name", "Gateway",
                "Image", "scamscan/gateway:0.1.0",
                "PortMappings", List.of(Match.objectLike(Map.of("ContainerPort", 8081))),
                "Environment", Match.arrayWith(List.of(
                        Map.of("Name", "SCAMSCAN_ALLOWED_ORIGINS", "Value", "https://app.example"),
                        Map.of("Name", "SCAMSCAN_GATEWAY_BUDGET_CAP", "Value", "777"))),
                "Secrets", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Name", "SCAMSCAN_REDIS_PASSWORD")),
                        Match.objectLike(Map.of("Name", "SCAMSCAN_TOKEN_SECRET")))))))));
        containers.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Name", "ScanApi", "PortMappings", List.of(Match.objectLike(Map.of("ContainerPort", 8080))))))));
    }

    @Test
    void theLoadBalancerKeepsWebSocketsOpenAndRoutesThemToTheGateway() {
        containers.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of(
                "LoadBalancerAttributes", Match.arrayWith(List.of(Map.of("Key", "idle_timeout.timeout_seconds", "Value", "3600")))));
        containers.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Map.of(
                "Conditions", List.of(Map.of("Field", "path-pattern", "PathPatternConfig", Map.of("Values", List.of("/ws/*"))))));
        containers.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of("Port", 8081, "HealthCheckPath", "/health"));
        containers.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of("Port", 8080, "HealthCheckPath", "/health"));
    }

    @Test
    void theGatewayScalesOnOpenConnections() {
        containers.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of("MinCapacity", 2, "MaxCapacity", 6));
        containers.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ActiveConnectionCount",
                "Namespace", "AWS/ApplicationELB"));
    }

    @Test
    void theWebSocketApiRoutesAllThreeRoutesToTheJavaFunction() {
        apiGateway.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "WEBSOCKET"));
        for (String route : List.of("$connect", "$disconnect", "$default")) {
            apiGateway.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", route));
        }
        apiGateway.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("StageName", "prod", "AutoDeploy", true));
        apiGateway.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java17",
                "Handler", ApiGatewayStack.HANDLER,
                "MemorySize", 1024,
                "Timeout", 15,
                "VpcConfig", Match.anyValue()));
    }

    @Test
    void theRelayServiceMayPostToConnectionsAndKnowsWhere() {
        Map<String, Map<String, Object>> policies = apiGateway.findResources("AWS::IAM::Policy");
        assertTrue(policies.toString().contains("execute-api:ManageConnections"), policies.toString());
        apiGateway.resourceCountIs("AWS::ECS::Service", 1);
        apiGateway.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Name", "Relay",
                "Environment", Match.arrayWith(List.of(Match.objectLike(Map.of("Name", "SCAMSCAN_APIGATEWAY_ENDPOINT")))))))));
        assertEquals(1, apiGateway.findOutputs("WebSocketUrl").size());
    }
}
