package com.scamscan.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.elasticache.CfnParameterGroup;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.elasticache.CfnUser;
import software.amazon.awscdk.services.elasticache.CfnUserGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.LoadBalancerTarget;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * The container deployment: a VPC (a NAT gateway per zone), Redis (ElastiCache: TLS, a default user with two
 * passwords for rotation, {@code noeviction}, snapshots), and Fargate services for scan-api and the gateway behind
 * one HTTPS-only ALB on the site's domain, with WAF, alarms and a dashboard. Exposes the VPC, cluster, Redis and
 * secrets for {@link ApiGatewayStack} and {@link ServerlessStack}.
 */
public class ContainerStack extends Stack {

    static final int SCAN_API_PORT = 8080;
    static final int GATEWAY_PORT = 8081;
    static final int REDIS_PORT = 6379;
    /** The apps' health paths (Micronaut management): liveness never asks Redis, readiness does. */
    static final String LIVENESS_PATH = "/health/liveness";
    static final String READINESS_PATH = "/health/readiness";
    /** The probe a container health check runs in the image (no curl in it): shared's HttpProbe, on the app's classpath. */
    static final String PROBE_CLASS = "com.scamscan.health.HttpProbe";
    /**
     * How long the gateway needs after SIGTERM to close its clients with 1001 and give its budget slots back. The
     * deregistration delay and the stop timeout are longer, so neither cuts that short.
     */
    static final Duration GATEWAY_DRAIN = Duration.seconds(20);
    static final Duration GATEWAY_DEREGISTRATION = Duration.seconds(30);
    static final Duration STOP_TIMEOUT = Duration.seconds(60);
    /** How long a new task may take to start (JVM, Redis connections, the agent's OCR engine) before checks count. */
    static final Duration HEALTH_GRACE = Duration.seconds(120);
    /** How long a starting task keeps trying Redis ({@code scamscan.redis.startup-wait}): inside {@link #HEALTH_GRACE}. */
    static final Duration REDIS_STARTUP_WAIT = Duration.seconds(90);
    /**
     * The ALB's idle timeout: above the 15 s heartbeat (a live WebSocket is never idle that long) and below the apps'
     * 5 min {@code read-idle-timeout}, so that it is always the ALB that closes an idle keep-alive connection (the
     * other way round the ALB may send a request on a connection the app just closed: a 502).
     */
    static final Duration ALB_IDLE_TIMEOUT = Duration.seconds(120);
    /** Heap share of a container's memory: scan-api leaves room for Tesseract's native memory and image buffers. */
    static final int SCAN_API_HEAP_PERCENT = 50;
    static final int GATEWAY_HEAP_PERCENT = 60;
    /** The CloudWatch agent beside the gateway: scrapes its /prometheus for the connection gauge scaling uses. */
    static final int AGENT_MEMORY_MIB = 128;
    static final String CONNECTIONS_METRIC = "scamscan_gateway_connections";
    /** Target tracking keeps the average gateway at this share of its cap. */
    static final double GATEWAY_TARGET_SHARE = 0.7;

    final Sizes sizes;
    final Vpc vpc;
    final Cluster cluster;
    final SecurityGroup redisGroup;
    final Secret tokenSecret;
    final Secret tokenPreviousSecret;
    final Secret redisPassword;
    final Secret redisPreviousPassword;
    /** The environment variable the apps find Redis by: {@code REDIS_URL}, or in cluster mode {@code SCAMSCAN_REDIS_URIS}. */
    final String redisVariable;
    /** The SSM parameter holding its value, which the other stacks read at deploy time (no export pins the endpoint). */
    final StringParameter redisEndpoint;
    final ApplicationLoadBalancer alb;
    final CfnWebACL webAcl;
    final Topic alarms;
    final Dashboard dashboard;
    /** The gateway's public base URL for scan-api's {@code ws_url}s, and the site's. */
    final String gatewayUrl;
    final String siteUrl;
    final FargateService gateway;
    final FargateService scanApi;
    final ApplicationTargetGroup gatewayTargets;
    final ApplicationTargetGroup scanApiTargets;

    public ContainerStack(Construct scope, String id, StackProps props, Sizes sizes, ImagesStack images) {
        super(scope, id, props);
        this.sizes = sizes;
        vpc = Vpc.Builder.create(this, "Vpc").maxAzs(2).natGateways(sizes.natGateways())
                .gatewayEndpoints(Map.of("S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build()))
                .build();
        if (sizes.interfaceEndpoints()) {
            Map.of("EcrApi", InterfaceVpcEndpointAwsService.ECR, "EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER,
                            "Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, "SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
                            "Ssm", InterfaceVpcEndpointAwsService.SSM)
                    .forEach((name, service) -> vpc.addInterfaceEndpoint(name, InterfaceVpcEndpointOptions.builder().service(service).build()));
        }

        alarms = Topic.Builder.create(this, "Alarms").displayName("ScamScan " + sizes.envName() + " alarms").build();
        if (!sizes.alarmEmail().isEmpty()) {
            alarms.addSubscription(new EmailSubscription(sizes.alarmEmail()));
        }

        // Redis: a primary and a replica with automatic failover, or with redisShards > 1 a Redis Cluster of that many
        // shards with a replica each (sharded pub/sub); TLS in transit, encrypted at rest
        redisGroup = SecurityGroup.Builder.create(this, "Redis").vpc(vpc).description("ElastiCache Redis: only from the ScamScan services")
                .allowAllOutbound(false).build();
        redisPassword = Secret.Builder.create(this, "RedisPassword").description("ElastiCache default user's password (current)")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(48).build()).build();
        redisPreviousPassword = Secret.Builder.create(this, "RedisPreviousPassword")
                .description("ElastiCache default user's second password: the previous one during a rotation (docs/deploy.md)")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(48).build()).build();
        CfnSubnetGroup subnets = CfnSubnetGroup.Builder.create(this, "RedisSubnets").description("ScamScan Redis")
                .subnetIds(vpc.selectSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()).getSubnetIds())
                .build();
        boolean clustered = sizes.redisShards() > 1;
        Map<String, String> parameters = new TreeMap<>(Map.of("maxmemory-policy", "noeviction"));
        if (clustered) {
            parameters.put("cluster-enabled", "yes");
        }
        CfnParameterGroup parameterGroup = CfnParameterGroup.Builder.create(this, "RedisParameters")
                .cacheParameterGroupFamily("redis7")
                .description("ScamScan: never evict (queued uploads, leases, task records, budget and rate-limit keys all have TTLs)")
                .properties(parameters).build();
        // RBAC: the "default" user (the apps AUTH with a password alone) holds two passwords, so a rotation adds the new
        // one while running tasks still use the old (ElastiCache allows two per user)
        CfnUser user = CfnUser.Builder.create(this, "RedisDefaultUser").engine("redis")
                .userId(sizes.prefix() + "-default").userName("default")
                .accessString("on ~* &* +@all")
                .passwords(List.of(redisPassword.getSecretValue().unsafeUnwrap(), redisPreviousPassword.getSecretValue().unsafeUnwrap()))
                .build();
        CfnUserGroup users = CfnUserGroup.Builder.create(this, "RedisUsers").engine("redis")
                .userGroupId(sizes.prefix() + "-users").userIds(List.of(user.getUserId())).build();
        users.addResourceDependency(user);
        CfnReplicationGroup.Builder group = CfnReplicationGroup.Builder.create(this, "RedisGroup")
                .replicationGroupId(sizes.prefix() + "-redis")
                .replicationGroupDescription("ScamScan progress, history, queue and budget")
                .engine("redis").engineVersion("7.1").cacheNodeType(sizes.redisNodeType())
                .cacheParameterGroupName(parameterGroup.getRef())
                .automaticFailoverEnabled(true).multiAzEnabled(true)
                .transitEncryptionEnabled(true).atRestEncryptionEnabled(true)
                .userGroupIds(List.of(users.getRef()))
                .snapshotRetentionLimit(sizes.redisSnapshotDays()).snapshotWindow("03:00-04:00")
                .preferredMaintenanceWindow("sun:04:30-sun:05:30")
                .cacheSubnetGroupName(subnets.getRef()).securityGroupIds(List.of(redisGroup.getSecurityGroupId()))
                .port(REDIS_PORT);
        CfnReplicationGroup redis;
        List<String> redisNodes = new ArrayList<>();
        if (clustered) {
            redis = group.numNodeGroups(sizes.redisShards()).replicasPerNodeGroup(1).build();
            redisVariable = "SCAMSCAN_REDIS_URIS";
            redisEndpoint = redisParameter("rediss://" + redis.getAttrConfigurationEndPointAddress() + ":" + REDIS_PORT);
            for (int shard = 1; shard <= sizes.redisShards(); shard++) {
                for (int node = 1; node <= 2; node++) {
                    redisNodes.add(String.format("%s-redis-%04d-%03d", sizes.prefix(), shard, node));
                }
            }
        } else {
            redis = group.numCacheClusters(2).build();
            redisVariable = "REDIS_URL";
            redisEndpoint = redisParameter("rediss://" + redis.getAttrPrimaryEndPointAddress() + ":" + REDIS_PORT);
            redisNodes.add(sizes.prefix() + "-redis-001");
            redisNodes.add(sizes.prefix() + "-redis-002");
        }
        redis.addResourceDependency(users);
        // deleting the stack (or a replacement) keeps a final snapshot of the data
        redis.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
        for (String node : redisNodes) {
            alarm("RedisMemory" + node, redisMetric("DatabaseMemoryUsagePercentage", node, "Maximum"), 80,
                    "Redis node " + node + " above 80% of maxmemory: with noeviction, writes fail when it is full");
            alarm("RedisEvictions" + node, redisMetric("Evictions", node, "Sum"), 0,
                    "Redis node " + node + " evicted keys: maxmemory-policy must stay noeviction");
        }

        tokenSecret = Secret.Builder.create(this, "StreamTokenSecret").description("HMAC key of ScamScan stream tokens (current)")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(64).build()).build();
        tokenPreviousSecret = Secret.Builder.create(this, "StreamTokenPreviousSecret")
                .description("HMAC key of ScamScan stream tokens before the last rotation, still accepted (docs/deploy.md)")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(64).build()).build();

        cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).clusterName(sizes.prefix())
                .containerInsightsV2(ContainerInsights.ENABLED).build();

        // the site: https://domainName (page and API) and wss://domainName/ws/... (streams), HTTPS only
        IHostedZone zone = HostedZone.fromHostedZoneAttributes(this, "Zone", HostedZoneAttributes.builder()
                .hostedZoneId(sizes.hostedZoneId()).zoneName(sizes.hostedZoneName()).build());
        Certificate certificate = Certificate.Builder.create(this, "Certificate").domainName(sizes.domainName())
                .validation(CertificateValidation.fromDns(zone)).build();
        SecurityGroup albGroup = SecurityGroup.Builder.create(this, "AlbSecurityGroup").vpc(vpc)
                .description("ScamScan ALB: HTTPS (and HTTP to redirect) from anywhere").allowAllOutbound(false).build();
        alb = ApplicationLoadBalancer.Builder.create(this, "Alb").vpc(vpc).internetFacing(true).securityGroup(albGroup)
                .idleTimeout(ALB_IDLE_TIMEOUT).dropInvalidHeaderFields(true)
                .build();
        ApplicationListener listener = alb.addListener("Https", BaseApplicationListenerProps.builder()
                .port(443).protocol(ApplicationProtocol.HTTPS).open(true).sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .certificates(List.of(ListenerCertificate.fromCertificateManager(certificate))).build());
        alb.addRedirect(); // 80 -> 443, permanent
        ARecord.Builder.create(this, "Alias").zone(zone).recordName(sizes.domainName() + ".")
                .target(RecordTarget.fromAlias(new LoadBalancerTarget(alb))).build();
        siteUrl = "https://" + sizes.domainName();
        gatewayUrl = "wss://" + sizes.domainName();

        webAcl = edgeProtection();

        // the ALB is the only proxy in front of the services: its nodes live in the public subnets, and their
        // X-Forwarded-For names the client (without it, the whole internet is one address to the rate limits)
        String trustedProxies = vpc.getPublicSubnets().stream().map(ISubnet::getIpv4CidrBlock).collect(Collectors.joining(","));
        scanApi = service(this, new Spec("ScanApi", images.scanApi, ImagesStack.SCAN_API, "ScanApiImageDigest", SCAN_API_PORT,
                sizes.scanApiCpu(), sizes.scanApiMemoryMib(), SCAN_API_HEAP_PERCENT, sizes.scanApiCount(), 100, 200, Map.of(
                "GATEWAY_URL", gatewayUrl,
                "SCAMSCAN_SECURITY_TRUSTED_PROXIES", trustedProxies), false, true));
        gateway = service(this, new Spec("Gateway", images.gateway, ImagesStack.GATEWAY, "GatewayImageDigest", GATEWAY_PORT,
                sizes.gatewayCpu(), sizes.gatewayMemoryMib(), GATEWAY_HEAP_PERCENT, sizes.gatewayMinCount(), 100, 200, Map.of(
                "SCAMSCAN_GATEWAY_BUDGET_CAP", Integer.toString(sizes.budgetCap()),
                "SCAMSCAN_GATEWAY_BUDGET_INSTANCE_CAP", Integer.toString(sizes.connectionsPerGateway()),
                "SCAMSCAN_SECURITY_TRUSTED_PROXIES", trustedProxies), true, true));

        scanApiTargets = listener.addTargets("ScanApiTargets", AddApplicationTargetsProps.builder()
                .port(SCAN_API_PORT).protocol(ApplicationProtocol.HTTP).targets(List.of(scanApi))
                .deregistrationDelay(Duration.seconds(30))
                .healthCheck(targetHealth()).build());
        gatewayTargets = listener.addTargets("GatewayTargets", AddApplicationTargetsProps.builder()
                .port(GATEWAY_PORT).protocol(ApplicationProtocol.HTTP).targets(List.of(gateway)).priority(10)
                .conditions(List.of(ListenerCondition.pathPatterns(List.of("/ws/*"))))
                .deregistrationDelay(GATEWAY_DEREGISTRATION)
                .healthCheck(targetHealth()).build());

        // the gateway fleet: no more gateways than the budget can fill, scaled on the average gateway's open connections
        ScalableTaskCount gatewayScaling = gateway.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(sizes.gatewayMinCount()).maxCapacity(sizes.gatewayMaxCount()).build());
        gatewayScaling.scaleToTrackCustomMetric("Connections", software.amazon.awscdk.services.ecs.TrackCustomMetricProps.builder()
                .metric(gatewayConnections("Average"))
                .targetValue(Math.floor(sizes.connectionsPerGateway() * GATEWAY_TARGET_SHARE))
                .scaleInCooldown(Duration.minutes(10)).scaleOutCooldown(Duration.minutes(1)).build());
        ScalableTaskCount apiScaling = scanApi.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(sizes.scanApiCount()).maxCapacity(sizes.scanApiCount() * 4).build());
        apiScaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder().targetUtilizationPercent(60).build());

        alarm("Alb5xx", alb.getMetrics().httpCodeElb(software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb.ELB_5XX_COUNT), 10,
                "the ALB answered 5xx itself (no healthy target, or targets closing connections)");
        alarm("ScanApiUnhealthy", scanApiTargets.getMetrics().unhealthyHostCount(), 0, "a scan-api task fails its liveness check");
        alarm("GatewayUnhealthy", gatewayTargets.getMetrics().unhealthyHostCount(), 0, "a gateway task fails its liveness check");
        alarm("GatewayConnectionsHigh", gatewayConnections("Average"), sizes.connectionsPerGateway() * 0.9,
                "the average gateway holds over 90% of its cap: the fleet is at gatewayMaxCount or scaling lags");

        dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName(sizes.prefix()).build();
        dashboard.addWidgets(
                graph("Requests and ALB 5xx", alb.getMetrics().requestCount(),
                        alb.getMetrics().httpCodeElb(software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb.ELB_5XX_COUNT)),
                graph("Open stream connections per gateway (avg, max)", gatewayConnections("Average"), gatewayConnections("Maximum")),
                graph("Redis memory % of maxmemory", redisNodes.stream().map(n -> (IMetric) redisMetric("DatabaseMemoryUsagePercentage", n, "Maximum")).toList()),
                graph("Service CPU %", scanApi.metricCpuUtilization(), gateway.metricCpuUtilization()),
                graph("Service memory %", scanApi.metricMemoryUtilization(), gateway.metricMemoryUtilization()));

        CfnOutput.Builder.create(this, "SiteUrl").value(siteUrl).description("the page, POST /scan-image, GET /tasks/{id}").build();
        CfnOutput.Builder.create(this, "StreamUrl").value(gatewayUrl).description("the ws_urls' base").build();
    }

    String redisParameterName() {
        return "/" + sizes.prefix() + "/redis-endpoint";
    }

    private StringParameter redisParameter(String value) {
        return StringParameter.Builder.create(this, "RedisEndpoint").parameterName(redisParameterName())
                .description("The apps' Redis address (" + (sizes.redisShards() > 1 ? "cluster configuration endpoint" : "primary endpoint")
                        + "); read by the other stacks at deploy time").stringValue(value).build();
    }

    /** WAF on the ALB: a per-address rate limit, AWS's list of known bad inputs and of bad IP addresses. */
    private CfnWebACL edgeProtection() {
        CfnWebACL acl = CfnWebACL.Builder.create(this, "WebAcl").name(sizes.prefix()).scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder().allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility(sizes.prefix()))
                .rules(List.of(
                        CfnWebACL.RuleProperty.builder().name("rate-per-address").priority(0)
                                .action(CfnWebACL.RuleActionProperty.builder().block(CfnWebACL.BlockActionProperty.builder().build()).build())
                                .statement(CfnWebACL.StatementProperty.builder().rateBasedStatement(
                                        CfnWebACL.RateBasedStatementProperty.builder().limit(sizes.wafRequestsPer5Minutes())
                                                .aggregateKeyType("IP").build()).build())
                                .visibilityConfig(visibility("rate-per-address")).build(),
                        managedRule("AWSManagedRulesKnownBadInputsRuleSet", 1),
                        managedRule("AWSManagedRulesAmazonIpReputationList", 2)))
                .build();
        CfnWebACLAssociation.Builder.create(this, "WebAclAlb").resourceArn(alb.getLoadBalancerArn())
                .webAclArn(acl.getAttrArn()).build();
        return acl;
    }

    private static CfnWebACL.RuleProperty managedRule(String name, int priority) {
        return CfnWebACL.RuleProperty.builder().name(name).priority(priority)
                .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                .statement(CfnWebACL.StatementProperty.builder().managedRuleGroupStatement(
                        CfnWebACL.ManagedRuleGroupStatementProperty.builder().vendorName("AWS").name(name).build()).build())
                .visibilityConfig(visibility(name)).build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String name) {
        return CfnWebACL.VisibilityConfigProperty.builder().metricName(name.replaceAll("[^A-Za-z0-9]", ""))
                .cloudWatchMetricsEnabled(true).sampledRequestsEnabled(true).build();
    }

    private static HealthCheck targetHealth() {
        // liveness, not readiness: a target group failing its check makes ECS replace the task, and a Redis failover
        // must not replace every task (a task without Redis answers 503 itself, quickly)
        return HealthCheck.builder().path(LIVENESS_PATH).healthyHttpCodes("200")
                .interval(Duration.seconds(10)).timeout(Duration.seconds(5)).healthyThresholdCount(2).unhealthyThresholdCount(3)
                .build();
    }

    private Metric gatewayConnections(String statistic) {
        return Metric.Builder.create().namespace(metricNamespace()).metricName(CONNECTIONS_METRIC)
                .dimensionsMap(Map.of("Service", "gateway")).statistic(statistic).period(Duration.minutes(1)).build();
    }

    String metricNamespace() {
        return "ScamScan/" + sizes.envName();
    }

    private static Metric redisMetric(String name, String node, String statistic) {
        return Metric.Builder.create().namespace("AWS/ElastiCache").metricName(name)
                .dimensionsMap(Map.of("CacheClusterId", node)).statistic(statistic).period(Duration.minutes(5)).build();
    }

    private static GraphWidget graph(String title, IMetric... metrics) {
        return graph(title, List.of(metrics));
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(12).build();
    }

    /** An alarm in this stack on {@code metric} above {@code threshold}, notifying the alarm topic. */
    Alarm alarm(String id, IMetric metric, double threshold, String description) {
        return alarm(this, id, metric, threshold, description);
    }

    Alarm alarm(Construct scope, String id, IMetric metric, double threshold, String description) {
        Alarm alarm = Alarm.Builder.create(scope, id + "Alarm").metric(metric).threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING).alarmDescription(description).build();
        alarm.addAlarmAction(new SnsAction(alarms));
        return alarm;
    }

    /**
     * Lets {@code group} (a task's or function's own security group, which may send anywhere) reach Redis: an ingress
     * rule on the Redis group, created in group's stack, so that the container stack never refers to the others.
     */
    void allowRedis(SecurityGroup group) {
        Stack scope = Stack.of(group);
        String id = group.getNode().getId() + "ToRedis";
        software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress.Builder.create(scope, id)
                .groupId(redisGroup.getSecurityGroupId()).sourceSecurityGroupId(group.getSecurityGroupId())
                .ipProtocol("tcp").fromPort(REDIS_PORT).toPort(REDIS_PORT)
                .description("Redis from " + group.getNode().getId()).build();
    }

    /** A log group of this environment with the configured retention. */
    LogGroup logGroup(Construct scope, String name) {
        return LogGroup.Builder.create(scope, name + "Logs").logGroupName("/" + sizes.prefix() + "/" + name)
                .retention(retention(sizes.logRetentionDays())).removalPolicy(RemovalPolicy.DESTROY).build();
    }

    private static RetentionDays retention(int days) {
        Map<Integer, RetentionDays> known = Map.ofEntries(Map.entry(1, RetentionDays.ONE_DAY), Map.entry(3, RetentionDays.THREE_DAYS),
                Map.entry(5, RetentionDays.FIVE_DAYS), Map.entry(7, RetentionDays.ONE_WEEK), Map.entry(14, RetentionDays.TWO_WEEKS),
                Map.entry(30, RetentionDays.ONE_MONTH), Map.entry(60, RetentionDays.TWO_MONTHS), Map.entry(90, RetentionDays.THREE_MONTHS),
                Map.entry(120, RetentionDays.FOUR_MONTHS), Map.entry(150, RetentionDays.FIVE_MONTHS), Map.entry(180, RetentionDays.SIX_MONTHS),
                Map.entry(365, RetentionDays.ONE_YEAR), Map.entry(400, RetentionDays.THIRTEEN_MONTHS), Map.entry(545, RetentionDays.EIGHTEEN_MONTHS),
                Map.entry(731, RetentionDays.TWO_YEARS), Map.entry(1827, RetentionDays.FIVE_YEARS), Map.entry(3653, RetentionDays.TEN_YEARS));
        if (known.containsKey(days)) {
            return known.get(days);
        }
        throw new IllegalArgumentException("logRetentionDays must be one of CloudWatch's: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653: " + days);
    }

    /**
     * One service: {@code port} the container listens on (its health check asks {@link #LIVENESS_PATH} there), CPU,
     * memory and heap share, task count, deployment's min/max healthy percent, extra environment, and whether the
     * CloudWatch agent scrapes its /prometheus beside it.
     */
    record Spec(String name, Repository repository, String artifact, String digestParameter, int port, int cpu, int memoryMib,
                int heapPercent, int count, int minHealthyPercent, int maxHealthyPercent, Map<String, String> extra,
                boolean scraped, boolean balanced) {
    }

    /**
     * A Fargate service of ScamScan's in {@code scope}: its own security group (reaching Redis, reached by nothing
     * unless a load balancer registers it), Redis and allowed origins in its environment, both secrets and their
     * previous values from Secrets Manager, a heap sized to its memory, a liveness health check, logs with
     * retention, the stop timeout above the drain, rolled back when a deployment fails.
     */
    FargateService service(Stack scope, Spec spec) {
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(scope, spec.name() + "Task")
                .family(sizes.prefix() + "-" + spec.name().toLowerCase())
                .cpu(spec.cpu()).memoryLimitMiB(spec.memoryMib()).build();
        int appMemory = spec.memoryMib() - (spec.scraped() ? AGENT_MEMORY_MIB : 0);
        Map<String, String> environment = new TreeMap<>();
        environment.put(redisVariable, redisAddress(scope));
        environment.put("SCAMSCAN_ALLOWED_ORIGINS", sizes.allowedOrigins());
        environment.put("PORT", Integer.toString(spec.port()));
        // started during a Redis failover, a task waits for Redis (inside the health checks' grace) instead of exiting
        environment.put("SCAMSCAN_REDIS_STARTUP_WAIT", REDIS_STARTUP_WAIT.toSeconds() + "s");
        // an explicit -Xmx wins over the image's -XX:MaxRAMPercentage=75, which leaves no room for native memory
        environment.put("JAVA_TOOL_OPTIONS", "-Xmx" + appMemory * spec.heapPercent() / 100 + "m");
        environment.putAll(spec.extra());
        ContainerImage image = ImagesStack.image(scope, spec.repository(), spec.artifact(), spec.digestParameter());
        task.addContainer(spec.name(), ContainerDefinitionOptions.builder()
                .image(image)
                .essential(true)
                .memoryLimitMiB(appMemory)
                .environment(environment)
                .secrets(new TreeMap<>(Map.of(
                        "SCAMSCAN_TOKEN_SECRET", software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(tokenSecret),
                        "SCAMSCAN_SECURITY_STREAM_TOKEN_PREVIOUS_SECRET", software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(tokenPreviousSecret),
                        "SCAMSCAN_REDIS_PASSWORD", software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(redisPassword))))
                .portMappings(List.of(PortMapping.builder().containerPort(spec.port()).build()))
                .healthCheck(software.amazon.awscdk.services.ecs.HealthCheck.builder()
                        .command(List.of("CMD", "java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                                "-cp", "@/app/jib-classpath-file", PROBE_CLASS, "http://127.0.0.1:" + spec.port() + LIVENESS_PATH))
                        .interval(Duration.seconds(30)).timeout(Duration.seconds(10)).retries(3)
                        .startPeriod(HEALTH_GRACE).build())
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().streamPrefix(spec.name())
                        .logGroup(logGroup(scope, spec.name())).build()))
                .stopTimeout(STOP_TIMEOUT)
                .build());
        if (spec.scraped()) {
            addAgent(scope, task, spec);
        }
        SecurityGroup group = SecurityGroup.Builder.create(scope, spec.name() + "SecurityGroup").vpc(vpc)
                .description("ScamScan " + spec.name() + " tasks").build();
        allowRedis(group);
        FargateService.Builder service = FargateService.Builder.create(scope, spec.name()).cluster(cluster).taskDefinition(task)
                .serviceName(sizes.prefix() + "-" + spec.name().toLowerCase())
                .desiredCount(spec.count()).securityGroups(List.of(group))
                .minHealthyPercent(spec.minHealthyPercent()).maxHealthyPercent(spec.maxHealthyPercent())
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build());
        if (spec.balanced()) {
            // the load balancer's checks count from when the JVM may still be starting (the container check has its own start period)
            service.healthCheckGracePeriod(HEALTH_GRACE);
        }
        return service.build();
    }

    /**
     * The apps' Redis address as {@code scope} sees it: in this stack the parameter's value, in the others a deploy-time
     * read of the SSM parameter, so that no CloudFormation export pins the endpoint (a change of redisShards replaces
     * the replication group; an export in use could not change).
     */
    String redisAddress(Stack scope) {
        return scope == this ? redisEndpoint.getStringValue() : StringParameter.valueForStringParameter(scope, redisParameterName());
    }

    /**
     * A Java 17 function of ScamScan's in {@code scope}: in the VPC with its own security group (reaching Redis), Redis
     * and allowed origins in its environment, a reserved concurrency (a flood cannot take the account's whole Lambda
     * concurrency, nor Redis's connections), logs with retention. Lambda has no secret injection: the environment
     * names the secrets ({@code *_ARN}) and the function reads them when it starts through the AWS Parameters and
     * Secrets extension layer, with read access to exactly those three.
     */
    software.amazon.awscdk.services.lambda.Function function(Stack scope, String name, String handler, String jar, int memoryMib,
                                                             Duration timeout, int reservedConcurrency, Map<String, String> extra,
                                                             String description) {
        Map<String, String> environment = new TreeMap<>();
        environment.put(redisVariable, redisAddress(scope));
        environment.put("SCAMSCAN_ALLOWED_ORIGINS", sizes.allowedOrigins());
        // the secrets' names, not their values: the function reads them from Secrets Manager when it starts, through
        // the AWS Parameters and Secrets extension (shared's LambdaSecrets)
        environment.put("SCAMSCAN_TOKEN_SECRET_ARN", tokenSecret.getSecretArn());
        environment.put("SCAMSCAN_TOKEN_PREVIOUS_SECRET_ARN", tokenPreviousSecret.getSecretArn());
        environment.put("SCAMSCAN_REDIS_PASSWORD_ARN", redisPassword.getSecretArn());
        environment.putAll(extra);
        SecurityGroup group = SecurityGroup.Builder.create(scope, name + "SecurityGroup").vpc(vpc)
                .description("ScamScan " + name + " function").build();
        allowRedis(group);
        software.amazon.awscdk.services.lambda.Function function = software.amazon.awscdk.services.lambda.Function.Builder.create(scope, name)
                .functionName(sizes.prefix() + "-" + name.toLowerCase())
                .runtime(software.amazon.awscdk.services.lambda.Runtime.JAVA_17).handler(handler)
                .code(software.amazon.awscdk.services.lambda.Code.fromAsset(jar))
                .memorySize(memoryMib).timeout(timeout)
                .reservedConcurrentExecutions(reservedConcurrency)
                .vpc(vpc).vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .securityGroups(List.of(group))
                .environment(environment)
                .logGroup(logGroup(scope, name))
                .paramsAndSecrets(software.amazon.awscdk.services.lambda.ParamsAndSecretsLayerVersion.fromVersion(
                        software.amazon.awscdk.services.lambda.ParamsAndSecretsVersions.V1_0_103))
                .description(description)
                .build();
        for (Secret secret : List.of(tokenSecret, tokenPreviousSecret, redisPassword)) {
            secret.grantRead(function);
        }
        alarm(scope, name + "Errors", function.metricErrors(), 5, "the " + name + " function failed more than 5 times in 5 minutes");
        alarm(scope, name + "Throttles", function.metricThrottles(), 0,
                "the " + name + " function hit its reserved concurrency (" + reservedConcurrency + ")");
        return function;
    }

    /**
     * The CloudWatch agent beside the app: scrapes its /prometheus every 30 s and writes the gauges scaling and the
     * dashboard use as CloudWatch metrics (embedded metric format) in {@link #metricNamespace()}, dimension Service.
     */
    private void addAgent(Stack scope, FargateTaskDefinition task, Spec spec) {
        String service = spec.artifact();
        String prometheus = "global:\n  scrape_interval: 30s\n  scrape_timeout: 10s\nscrape_configs:\n"
                + "  - job_name: " + service + "\n    metrics_path: /prometheus\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + spec.port() + "']\n        labels:\n          Service: " + service + "\n";
        String agent = "{\"logs\":{\"metrics_collected\":{\"prometheus\":{"
                + "\"log_group_name\":\"/" + sizes.prefix() + "/prometheus\","
                + "\"prometheus_config_path\":\"env:PROMETHEUS_CONFIG_CONTENT\","
                + "\"emf_processor\":{\"metric_namespace\":\"" + metricNamespace() + "\",\"metric_declaration\":[{"
                + "\"source_labels\":[\"job\"],\"label_matcher\":\"^" + service + "$\","
                + "\"dimensions\":[[\"Service\"]],"
                + "\"metric_selectors\":[\"^" + CONNECTIONS_METRIC + "$\",\"^scamscan_gateway_budget_held$\"]}]}}},"
                + "\"force_flush_interval\":5}}";
        if (scope.getNode().tryFindChild("PrometheusLogs") == null) {
            LogGroup.Builder.create(scope, "PrometheusLogs").logGroupName("/" + sizes.prefix() + "/prometheus")
                    .retention(retention(Math.min(sizes.logRetentionDays(), 7))).removalPolicy(RemovalPolicy.DESTROY).build();
        }
        task.addContainer("CloudWatchAgent", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry(sizes.cloudWatchAgentImage()))
                .essential(false)
                .memoryLimitMiB(AGENT_MEMORY_MIB)
                .environment(new TreeMap<>(Map.of("CW_CONFIG_CONTENT", agent, "PROMETHEUS_CONFIG_CONTENT", prometheus)))
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().streamPrefix("agent")
                        .logGroup(logGroup(scope, spec.name() + "Agent")).build()))
                .build());
        task.getTaskRole().addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("CloudWatchAgentServerPolicy"));
    }
}
