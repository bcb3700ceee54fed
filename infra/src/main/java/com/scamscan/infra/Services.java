package com.scamscan.infra;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.logs.LogGroup;

/**
 * ScamScan's Fargate services, in any stack, on the container stack's cluster: the app's container (environment,
 * secrets, heap, health check, logs, stop timeout), its own security group, and where asked the CloudWatch agent
 * beside it.
 */
final class Services {

    /** The probe a container health check runs in the image (no curl in it): shared's HttpProbe, on the app's classpath. */
    static final String PROBE_CLASS = "com.scamscan.health.HttpProbe";
    /** The CloudWatch agent beside a scraped app: scrapes its /prometheus for scaling, the alarms and the dashboard. */
    static final int AGENT_MEMORY_MIB = 128;

    private final AppBase base;
    private final Cluster cluster;

    Services(AppBase base, Cluster cluster) {
        this.base = base;
        this.cluster = cluster;
    }

    /**
     * One service: {@code port} the container listens on (its health check asks {@link ContainerStack#LIVENESS_PATH}
     * there), CPU, memory and heap share, task count, deployment's min/max healthy percent, extra environment, and
     * what the CloudWatch agent beside it scrapes from its /prometheus ({@code null}: no agent).
     */
    record Spec(String name, Repository repository, String artifact, String digestParameter, int port, int cpu, int memoryMib,
                int heapPercent, int count, int minHealthyPercent, int maxHealthyPercent, Map<String, String> extra,
                Scrape scrape, boolean balanced) {

        boolean scraped() {
            return scrape != null;
        }
    }

    /**
     * The meters the agent writes to CloudWatch ({@link AppBase#metricNamespace()}, dimension {@code Service} =
     * {@code service}, and each selection's labels): {@link AppMetrics}' selections.
     */
    record Scrape(String service, List<AppMetrics.Selection> metrics) {
    }

    /**
     * A Fargate service of ScamScan's in {@code scope}: its own security group (reaching Redis, reached by nothing
     * unless a load balancer registers it), Redis and allowed origins in its environment, both secrets and their
     * previous values from Secrets Manager, a heap sized to its memory, a liveness health check, logs with
     * retention, the stop timeout above the drain, rolled back when a deployment fails.
     */
    FargateService service(Stack scope, Spec spec) {
        Sizes sizes = base.sizes();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(scope, spec.name() + "Task")
                .family(sizes.prefix() + "-" + spec.name().toLowerCase())
                .cpu(spec.cpu()).memoryLimitMiB(spec.memoryMib()).build();
        int appMemory = spec.memoryMib() - (spec.scraped() ? AGENT_MEMORY_MIB : 0);
        Map<String, String> environment = base.environment(scope);
        environment.put("PORT", Integer.toString(spec.port()));
        // started during a Redis failover, a task waits for Redis (inside the health checks' grace) instead of exiting
        environment.put("SCAMSCAN_REDIS_STARTUP_WAIT", ContainerStack.REDIS_STARTUP_WAIT.toSeconds() + "s");
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
                        "SCAMSCAN_TOKEN_SECRET", Secret.fromSecretsManager(base.tokenSecret()),
                        "SCAMSCAN_SECURITY_STREAM_TOKEN_PREVIOUS_SECRET", Secret.fromSecretsManager(base.tokenPreviousSecret()),
                        "SCAMSCAN_REDIS_PASSWORD", Secret.fromSecretsManager(base.redis().password))))
                .portMappings(List.of(PortMapping.builder().containerPort(spec.port()).build()))
                .healthCheck(HealthCheck.builder()
                        .command(List.of("CMD", "java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                                "-cp", "@/app/jib-classpath-file", PROBE_CLASS, "http://127.0.0.1:" + spec.port() + ContainerStack.LIVENESS_PATH))
                        .interval(Duration.seconds(30)).timeout(Duration.seconds(10)).retries(3)
                        .startPeriod(ContainerStack.HEALTH_GRACE).build())
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().streamPrefix(spec.name())
                        .logGroup(base.logGroup(scope, spec.name())).build()))
                .stopTimeout(ContainerStack.STOP_TIMEOUT)
                .build());
        if (spec.scraped()) {
            addAgent(scope, task, spec);
        }
        SecurityGroup group = base.securityGroup(scope, spec.name(), "ScamScan " + spec.name() + " tasks");
        FargateService.Builder service = FargateService.Builder.create(scope, spec.name()).cluster(cluster).taskDefinition(task)
                .serviceName(sizes.prefix() + "-" + spec.name().toLowerCase())
                .desiredCount(spec.count()).securityGroups(List.of(group))
                .minHealthyPercent(spec.minHealthyPercent()).maxHealthyPercent(spec.maxHealthyPercent())
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build());
        if (spec.balanced()) {
            // the load balancer's checks count from when the JVM may still be starting (the container check has its own start period)
            service.healthCheckGracePeriod(ContainerStack.HEALTH_GRACE);
        }
        return service.build();
    }

    /**
     * The CloudWatch agent beside the app: scrapes its /prometheus every 30 s, keeps only the meters of
     * {@link Scrape#metrics()} (the rest never leaves the task: no log bytes, no metrics), and writes those as
     * CloudWatch metrics (embedded metric format) in {@link AppBase#metricNamespace()}, dimension Service and each
     * selection's labels. The EMF records go to a log group of the service's own, {@code /PREFIX/prometheus/SERVICE}
     * (one name per environment across the stacks: two stacks creating the same log group name would collide).
     */
    private void addAgent(Stack scope, FargateTaskDefinition task, Spec spec) {
        Sizes sizes = base.sizes();
        String service = spec.scrape().service();
        String prometheusLogs = "/" + sizes.prefix() + "/prometheus/" + service;
        String agent = "{\"logs\":{\"metrics_collected\":{\"prometheus\":{"
                + "\"log_group_name\":\"" + prometheusLogs + "\","
                + "\"prometheus_config_path\":\"env:PROMETHEUS_CONFIG_CONTENT\","
                + "\"emf_processor\":{\"metric_namespace\":\"" + base.metricNamespace() + "\",\"metric_declaration\":["
                + spec.scrape().metrics().stream().map(selection -> declaration(service, selection)).collect(Collectors.joining(","))
                + "]}}},"
                + "\"force_flush_interval\":5}}";
        LogGroup.Builder.create(scope, spec.name() + "PrometheusLogs").logGroupName(prometheusLogs)
                .retention(AppBase.retention(Math.min(sizes.logRetentionDays(), 7))).removalPolicy(RemovalPolicy.DESTROY).build();
        task.addContainer("CloudWatchAgent", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry(sizes.cloudWatchAgentImage()))
                .essential(false)
                .memoryLimitMiB(AGENT_MEMORY_MIB)
                .environment(new TreeMap<>(Map.of("CW_CONFIG_CONTENT", agent, "PROMETHEUS_CONFIG_CONTENT", prometheusConfig(spec))))
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().streamPrefix("agent")
                        .logGroup(base.logGroup(scope, spec.name() + "Agent")).build()))
                .build());
        task.getTaskRole().addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("CloudWatchAgentServerPolicy"));
    }

    /**
     * The Prometheus scrape of the app beside the agent: every 30 s, labelled {@code Service}; only the selected
     * meters kept, and the shipped sample feed's age dropped (it is never refreshed, so it would hold the feed-age
     * alarm on for ever).
     */
    static String prometheusConfig(Spec spec) {
        String service = spec.scrape().service();
        String kept = spec.scrape().metrics().stream().map(AppMetrics.Selection::metric).distinct().collect(Collectors.joining("|"));
        return "global:\n  scrape_interval: 30s\n  scrape_timeout: 10s\nscrape_configs:\n"
                + "  - job_name: " + service + "\n    metrics_path: /prometheus\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + spec.port() + "']\n        labels:\n          Service: " + service + "\n"
                + "    metric_relabel_configs:\n"
                + "      - source_labels: [__name__]\n        regex: '" + kept + "'\n        action: keep\n"
                + "      - source_labels: [__name__, feed]\n        regex: '" + AppMetrics.FEED_AGE + ";" + AppMetrics.SAMPLE_FEED + "'\n        action: drop\n";
    }

    /** The agent's metric declaration for one selection: its series of this service's job, as dimensions Service and its labels. */
    private static String declaration(String service, AppMetrics.Selection selection) {
        List<String> sourceLabels = new java.util.ArrayList<>(List.of("job"));
        sourceLabels.addAll(selection.filterLabels());
        String matcher = "^" + service + (selection.filterLabels().isEmpty() ? "" : ";(" + selection.filter() + ")") + "$";
        List<String> dimensions = new java.util.ArrayList<>(List.of("Service"));
        dimensions.addAll(selection.dimensions());
        String sets = jsonList(dimensions) + (selection.rollup() && !selection.dimensions().isEmpty() ? "," + jsonList(List.of("Service")) : "");
        return "{\"source_labels\":" + jsonList(sourceLabels) + ",\"label_matcher\":\"" + matcher + "\","
                + "\"dimensions\":[" + sets + "],\"metric_selectors\":[\"^" + selection.metric() + "$\"]}";
    }

    private static String jsonList(List<String> values) {
        return values.stream().map(value -> "\"" + value + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
