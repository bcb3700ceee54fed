package com.scamscan.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.ScalingInterval;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The container deployment: a VPC, Redis (ElastiCache, TLS and AUTH), and Fargate services for scan-api and the
 * gateway behind one ALB whose idle timeout outlives WebSocket heartbeats; the gateway scales on connections.
 * Exposes the VPC, cluster, Redis and secrets for {@link ApiGatewayStack} and {@link ServerlessStack}.
 */
public class ContainerStack extends Stack {

    static final int SCAN_API_PORT = 8080;
    static final int GATEWAY_PORT = 8081;

    final Vpc vpc;
    final Cluster cluster;
    final SecurityGroup redisClients;
    final Secret tokenSecret;
    final Secret redisPassword;
    /** How the apps find Redis: {@code REDIS_URL} of the primary, or in cluster mode {@code SCAMSCAN_REDIS_URIS}. */
    final Map<String, String> redisEnvironment;
    final ApplicationLoadBalancer alb;
    /** The gateway's public base URL, for scan-api's {@code ws_url}s. */
    final String gatewayUrl;
    final FargateService gateway;
    final FargateService scanApi;

    public ContainerStack(Construct scope, String id, StackProps props, Sizes sizes) {
        super(scope, id, props);
        vpc = Vpc.Builder.create(this, "Vpc").maxAzs(2).natGateways(1).build();

        // Redis: a primary and a replica with automatic failover, or with redisShards > 1 a Redis Cluster of that many
        // shards with a replica each (sharded pub/sub); encrypted in transit (rediss://) and at rest, AUTH from a secret
        redisClients = SecurityGroup.Builder.create(this, "RedisClients").vpc(vpc)
                .description("Tasks and functions that may reach Redis").build();
        SecurityGroup redisGroup = SecurityGroup.Builder.create(this, "Redis").vpc(vpc).description("ElastiCache Redis").build();
        redisGroup.addIngressRule(redisClients, Port.tcp(6379), "ScamScan services");
        redisPassword = Secret.Builder.create(this, "RedisPassword").description("ElastiCache AUTH token")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(48).build()).build();
        CfnSubnetGroup subnets = CfnSubnetGroup.Builder.create(this, "RedisSubnets").description("ScamScan Redis")
                .subnetIds(vpc.selectSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()).getSubnetIds())
                .build();
        CfnReplicationGroup.Builder group = CfnReplicationGroup.Builder.create(this, "RedisGroup")
                .replicationGroupDescription("ScamScan progress, history, queue and budget")
                .engine("redis").engineVersion("7.1").cacheNodeType(sizes.redisNodeType())
                .automaticFailoverEnabled(true).multiAzEnabled(true)
                .transitEncryptionEnabled(true).atRestEncryptionEnabled(true)
                .authToken(redisPassword.getSecretValue().unsafeUnwrap()) // a CloudFormation dynamic reference
                .cacheSubnetGroupName(subnets.getRef()).securityGroupIds(List.of(redisGroup.getSecurityGroupId()))
                .port(6379);
        if (sizes.redisShards() > 1) {
            CfnReplicationGroup redis = group.cacheParameterGroupName("default.redis7.cluster.on")
                    .numNodeGroups(sizes.redisShards()).replicasPerNodeGroup(1).build();
            redisEnvironment = Map.of("SCAMSCAN_REDIS_URIS", "rediss://" + redis.getAttrConfigurationEndPointAddress() + ":6379");
        } else {
            CfnReplicationGroup redis = group.numCacheClusters(2).build();
            redisEnvironment = Map.of("REDIS_URL", "rediss://" + redis.getAttrPrimaryEndPointAddress() + ":6379");
        }

        tokenSecret = Secret.Builder.create(this, "StreamTokenSecret").description("HMAC key of ScamScan stream tokens")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(64).build()).build();

        cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).containerInsights(true).build();
        alb = ApplicationLoadBalancer.Builder.create(this, "Alb").vpc(vpc).internetFacing(true)
                .idleTimeout(Duration.seconds(3600)) // WebSockets stay open for a scan; heartbeats every 15 s keep it busy
                .build();
        ApplicationListener listener = sizes.certificateArn().isEmpty()
                ? alb.addListener("Http", BaseApplicationListenerProps.builder().port(80).protocol(ApplicationProtocol.HTTP).open(true).build())
                : alb.addListener("Https", BaseApplicationListenerProps.builder().port(443).protocol(ApplicationProtocol.HTTPS).open(true)
                        .certificates(List.of(ListenerCertificate.fromArn(sizes.certificateArn()))).build());

        gatewayUrl = (sizes.certificateArn().isEmpty() ? "ws://" : "wss://") + alb.getLoadBalancerDnsName();
        scanApi = service("ScanApi", sizes.scanApiImage(), SCAN_API_PORT, sizes.scanApiCount(), sizes, Map.of(
                "GATEWAY_URL", gatewayUrl));
        gateway = service("Gateway", sizes.gatewayImage(), GATEWAY_PORT, sizes.gatewayMinCount(), sizes, Map.of(
                "SCAMSCAN_GATEWAY_BUDGET_CAP", Integer.toString(sizes.budgetCap()),
                "SCAMSCAN_GATEWAY_BUDGET_INSTANCE_CAP", Integer.toString(sizes.connectionsPerGateway())));

        listener.addTargets("ScanApiTargets", AddApplicationTargetsProps.builder()
                .port(SCAN_API_PORT).protocol(ApplicationProtocol.HTTP).targets(List.of(scanApi))
                .healthCheck(HealthCheck.builder().path("/health").build()).build());
        listener.addTargets("GatewayTargets", AddApplicationTargetsProps.builder()
                .port(GATEWAY_PORT).protocol(ApplicationProtocol.HTTP).targets(List.of(gateway)).priority(10)
                .conditions(List.of(ListenerCondition.pathPatterns(List.of("/ws/*"))))
                .deregistrationDelay(Duration.seconds(30)) // draining: SIGTERM closes clients with 1001, they resume elsewhere
                .healthCheck(HealthCheck.builder().path("/health").build()).build());

        // more gateways as connections grow: a step for every connectionsPerGateway open connections
        ScalableTaskCount scaling = gateway.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(sizes.gatewayMinCount()).maxCapacity(sizes.gatewayMaxCount()).build());
        int step = sizes.connectionsPerGateway();
        scaling.scaleOnMetric("Connections", software.amazon.awscdk.services.applicationautoscaling.BasicStepScalingPolicyProps.builder()
                .metric(alb.getMetrics().activeConnectionCount())
                .scalingSteps(List.of(
                        ScalingInterval.builder().upper((double) step * sizes.gatewayMinCount() / 2).change(-1).build(),
                        ScalingInterval.builder().lower((double) step * sizes.gatewayMinCount()).change(1).build(),
                        ScalingInterval.builder().lower((double) step * sizes.gatewayMaxCount() / 2).change(3).build()))
                .build());
    }

    private FargateService service(String name, String image, int port, int count, Sizes sizes, Map<String, String> extra) {
        FargateService service = fargate(this, name, image, count, sizes, extra, port);
        service.getConnections().allowFrom(Peer.ipv4(vpc.getVpcCidrBlock()), Port.tcp(port), "from the load balancer");
        return service;
    }

    /**
     * A Java 17 function of ScamScan's in {@code scope}, in the VPC beside Redis, with Redis, allowed origins and both
     * secrets in its environment. Lambda has no secret injection: the secrets are resolved at deploy time from Secrets
     * Manager into the environment.
     */
    software.amazon.awscdk.services.lambda.Function function(Construct scope, String name, String handler, String jar, int memoryMib,
                                                             Duration timeout, Sizes sizes, Map<String, String> extra,
                                                             String description) {
        java.util.Map<String, String> environment = new java.util.HashMap<>(redisEnvironment);
        environment.put("SCAMSCAN_ALLOWED_ORIGINS", sizes.allowedOrigins());
        environment.put("SCAMSCAN_TOKEN_SECRET", tokenSecret.getSecretValue().unsafeUnwrap());
        environment.put("SCAMSCAN_REDIS_PASSWORD", redisPassword.getSecretValue().unsafeUnwrap());
        environment.putAll(extra);
        return software.amazon.awscdk.services.lambda.Function.Builder.create(scope, name)
                .runtime(software.amazon.awscdk.services.lambda.Runtime.JAVA_17).handler(handler)
                .code(software.amazon.awscdk.services.lambda.Code.fromAsset(jar))
                .memorySize(memoryMib).timeout(timeout)
                .vpc(vpc).vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .securityGroups(List.of(redisClients))
                .environment(new java.util.TreeMap<>(environment))
                .description(description)
                .build();
    }

    /**
     * A Fargate service of ScamScan's in {@code scope}: Redis, allowed origins and both secrets wired in, logs to
     * CloudWatch, rolled back when a deployment fails; {@code port} is what the container listens on, or null.
     */
    FargateService fargate(Construct scope, String name, String image, int count, Sizes sizes, Map<String, String> extra,
                           Integer port) {
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(scope, name + "Task")
                .cpu(sizes.taskCpu()).memoryLimitMiB(sizes.taskMemoryMib()).build();
        java.util.Map<String, String> environment = new java.util.HashMap<>(redisEnvironment);
        environment.put("SCAMSCAN_ALLOWED_ORIGINS", sizes.allowedOrigins());
        if (port != null) {
            environment.put("PORT", Integer.toString(port));
        }
        environment.putAll(extra);
        task.addContainer(name, ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry(image))
                .environment(new java.util.TreeMap<>(environment))
                .secrets(new java.util.TreeMap<>(Map.of(
                        "SCAMSCAN_TOKEN_SECRET", software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(tokenSecret),
                        "SCAMSCAN_REDIS_PASSWORD", software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(redisPassword))))
                .portMappings(port == null ? List.of() : List.of(PortMapping.builder().containerPort(port).build()))
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().streamPrefix(name).build()))
                .stopTimeout(Duration.seconds(30))
                .build());
        return FargateService.Builder.create(scope, name).cluster(cluster).taskDefinition(task)
                .desiredCount(count).securityGroups(List.of(redisClients))
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .circuitBreaker(software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker.builder().rollback(true).build())
                .build();
    }
}
