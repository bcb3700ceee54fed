package com.scamscan.infra;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.TrackCustomMetricProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The container deployment: a VPC (a NAT gateway per zone), Redis (ElastiCache: TLS, a default user with two
 * passwords for rotation, {@code noeviction}, snapshots), and Fargate services for scan-api and the gateway behind
 * one HTTPS-only ALB on the site's domain, with WAF, alarms and a dashboard. Exposes the VPC, cluster, Redis and
 * secrets for {@link ApiGatewayStack} and {@link ServerlessStack}, whose services and functions are made by the same
 * {@link Services} and {@link Functions}.
 *
 * <p>The parts, each in its own class and all in this stack's scope (so the resources' ids are the stack's own):
 * {@link Network}, {@link Alarms}, {@link RedisStore}, {@link Site} (DNS, certificate, ALB, WAF), {@link Services},
 * {@link Functions} and {@link Monitoring} (alarms and dashboard).
 */
public class ContainerStack extends Stack {

    static final int SCAN_API_PORT = 8080;
    static final int GATEWAY_PORT = 8081;
    /** The apps' health paths (Micronaut management): liveness never asks Redis, readiness does. */
    static final String LIVENESS_PATH = "/health/liveness";
    static final String READINESS_PATH = "/health/readiness";
    /**
     * The gateway's drain window after SIGTERM ({@code scamscan.gateway.drain-timeout}, set explicitly): it closes its
     * clients spread over this long and gives its budget slots back. The stop timeout is longer, so SIGKILL does not
     * cut that short.
     */
    static final Duration GATEWAY_DRAIN = Duration.seconds(20);
    /** scan-api's {@code scamscan.agent.task-timeout}: no analysis, so no task's stream, lasts longer. */
    static final Duration TASK_TIMEOUT = Duration.seconds(120);
    /**
     * How long the ALB keeps a deregistered gateway's open connections before it cuts them (ECS sends SIGTERM only
     * after that). Longer than a task can run plus the drain: a stream ends with its task (1000), so by then almost
     * every stream has ended by itself; a gateway with no connection left is deregistered at once, so the length
     * costs nothing when streams end sooner.
     */
    static final Duration GATEWAY_DEREGISTRATION = Duration.seconds(180);
    static final Duration STOP_TIMEOUT = Duration.seconds(60);
    /** How long a new task may take to start (JVM, Redis connections, the agent's OCR engine) before checks count. */
    static final Duration HEALTH_GRACE = Duration.seconds(120);
    /** How long a starting task keeps trying Redis ({@code scamscan.redis.startup-wait}): inside {@link #HEALTH_GRACE}. */
    static final Duration REDIS_STARTUP_WAIT = Duration.seconds(90);
    /**
     * How long a starting gateway may warm up ({@code scamscan.gateway.warm-up.timeout}) before it reports healthy
     * anyway: its liveness, which the target group asks, is DOWN meanwhile. After the longest Redis wait and about
     * 10 s of the JVM's own start it still ends inside {@link #HEALTH_GRACE}.
     */
    static final Duration GATEWAY_WARM_UP_TIMEOUT = Duration.seconds(20);
    /**
     * The ALB's idle timeout: above the 15 s heartbeat (a live WebSocket is never idle that long) and below the apps'
     * 5 min {@code read-idle-timeout}, so that it is always the ALB that closes an idle keep-alive connection (the
     * other way round the ALB may send a request on a connection the app just closed: a 502).
     */
    static final Duration ALB_IDLE_TIMEOUT = Duration.seconds(120);
    /** Heap share of a container's memory: scan-api leaves room for Tesseract's native memory and image buffers. */
    static final int SCAN_API_HEAP_PERCENT = 50;
    static final int GATEWAY_HEAP_PERCENT = 60;
    /** Target tracking keeps the average gateway at this share of its cap. */
    static final double GATEWAY_TARGET_SHARE = 0.7;

    final Sizes sizes;
    final Vpc vpc;
    final Cluster cluster;
    final Alarms alarms;
    final RedisStore redis;
    final Secret tokenSecret;
    final Secret tokenPreviousSecret;
    /** What every app is given, here and in the other stacks. */
    final AppBase base;
    final Site site;
    final Services services;
    final Functions functions;
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
        vpc = Network.vpc(this, sizes);
        alarms = new Alarms(this, sizes);
        redis = new RedisStore(this, sizes, vpc, alarms);

        tokenSecret = Secret.Builder.create(this, "StreamTokenSecret").description("HMAC key of ScamScan stream tokens (current)")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(64).build()).build();
        tokenPreviousSecret = Secret.Builder.create(this, "StreamTokenPreviousSecret")
                .description("HMAC key of ScamScan stream tokens before the last rotation, still accepted (docs/deploy.md)")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(64).build()).build();
        base = new AppBase(sizes, vpc, redis, tokenSecret, tokenPreviousSecret, alarms);

        cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).clusterName(sizes.prefix())
                .containerInsightsV2(ContainerInsights.ENABLED).build();
        services = new Services(base, cluster);
        functions = new Functions(base);

        site = new Site(this, sizes, vpc);
        siteUrl = site.siteUrl;
        gatewayUrl = site.gatewayUrl;

        // the ALB is the only proxy in front of the services: its nodes live in the public subnets, and their
        // X-Forwarded-For names the client (without it, the whole internet is one address to the rate limits)
        String trustedProxies = vpc.getPublicSubnets().stream().map(ISubnet::getIpv4CidrBlock).collect(Collectors.joining(","));
        scanApi = services.service(this, new Services.Spec("ScanApi", images.scanApi, ImagesStack.SCAN_API, "ScanApiImageDigest", SCAN_API_PORT,
                sizes.scanApiCpu(), sizes.scanApiMemoryMib(), SCAN_API_HEAP_PERCENT, sizes.scanApiCount(), 100, 200, Map.of(
                "GATEWAY_URL", gatewayUrl,
                "SCAMSCAN_SECURITY_TRUSTED_PROXIES", trustedProxies), new Services.Scrape(Monitoring.SCAN_API, AppMetrics.SCAN_API), true));
        gateway = services.service(this, new Services.Spec("Gateway", images.gateway, ImagesStack.GATEWAY, "GatewayImageDigest", GATEWAY_PORT,
                sizes.gatewayCpu(), sizes.gatewayMemoryMib(), GATEWAY_HEAP_PERCENT, sizes.gatewayMinCount(), 100, 200, Map.of(
                "SCAMSCAN_GATEWAY_BUDGET_CAP", Integer.toString(sizes.budgetCap()),
                "SCAMSCAN_GATEWAY_BUDGET_INSTANCE_CAP", Integer.toString(sizes.connectionsPerGateway()),
                "SCAMSCAN_GATEWAY_DRAIN_TIMEOUT", GATEWAY_DRAIN.toSeconds() + "s",
                "SCAMSCAN_GATEWAY_WARM_UP_TIMEOUT", GATEWAY_WARM_UP_TIMEOUT.toSeconds() + "s",
                "SCAMSCAN_SECURITY_TRUSTED_PROXIES", trustedProxies),
                new Services.Scrape(Monitoring.GATEWAY, AppMetrics.GATEWAY), true));

        scanApiTargets = site.listener.addTargets("ScanApiTargets", AddApplicationTargetsProps.builder()
                .port(SCAN_API_PORT).protocol(ApplicationProtocol.HTTP).targets(List.of(scanApi))
                .deregistrationDelay(Duration.seconds(30))
                .healthCheck(Site.targetHealth()).build());
        gatewayTargets = site.listener.addTargets("GatewayTargets", AddApplicationTargetsProps.builder()
                .port(GATEWAY_PORT).protocol(ApplicationProtocol.HTTP).targets(List.of(gateway)).priority(10)
                .conditions(List.of(ListenerCondition.pathPatterns(List.of("/ws/*", "/sse/*"))))
                .deregistrationDelay(GATEWAY_DEREGISTRATION)
                .healthCheck(Site.targetHealth()).build());

        // the gateway fleet: no more gateways than the budget can fill, scaled on the average gateway's open connections
        ScalableTaskCount gatewayScaling = gateway.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(sizes.gatewayMinCount()).maxCapacity(sizes.gatewayMaxCount()).build());
        gatewayScaling.scaleToTrackCustomMetric("Connections", TrackCustomMetricProps.builder()
                .metric(Monitoring.gatewayConnections(base, "Average"))
                .targetValue(Math.floor(sizes.connectionsPerGateway() * GATEWAY_TARGET_SHARE))
                .scaleInCooldown(Duration.minutes(10)).scaleOutCooldown(Duration.minutes(1)).build());
        ScalableTaskCount apiScaling = scanApi.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(sizes.scanApiCount()).maxCapacity(sizes.scanApiCount() * 4).build());
        apiScaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder().targetUtilizationPercent(60).build());

        dashboard = Monitoring.watch(this);

        CfnOutput.Builder.create(this, "SiteUrl").value(siteUrl).description("the page, POST /scan-image, GET /tasks/{id}").build();
        CfnOutput.Builder.create(this, "StreamUrl").value(gatewayUrl).description("the ws_urls' base").build();
    }
}
