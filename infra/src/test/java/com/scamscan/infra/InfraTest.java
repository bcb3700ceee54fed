package com.scamscan.infra;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesises the stacks (CDK runs its JavaScript core on Node.js) and pins what the deployment relies on, one test
 * per promise of docs/deploy.md: nothing here is deployed, so the templates are the evidence.
 */
class InfraTest {

    static final String DOMAIN = "scamscan.example.com";

    private static InfraApp.Stacks stacks;
    private static Template images;
    private static Template containers;
    private static Template apiGateway;
    private static Template serverless;

    @BeforeAll
    static void synth() throws IOException {
        stacks = synth(Map.of());
        images = Template.fromStack(stacks.images());
        containers = Template.fromStack(stacks.containers());
        apiGateway = Template.fromStack(stacks.apiGateway());
        serverless = Template.fromStack(stacks.serverless());
    }

    static InfraApp.Stacks synth(Map<String, String> more) throws IOException {
        App app = app(more);
        return InfraApp.build(app);
    }

    static App app(Map<String, String> more) throws IOException {
        Path dir = Files.createTempDirectory("scamscan-cdk");
        Path jar = dir.resolve("function.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("placeholder.txt"));
            zip.write("the app's jar in a real deployment".getBytes());
            zip.closeEntry();
        }
        Map<String, Object> context = new HashMap<>(Map.of("lambdaJar", jar.toString(), "scanApiJar", jar.toString(),
                "budgetCap", "777", "connectionsPerGateway", "100", "gatewayMinCount", "2",
                "domainName", DOMAIN, "hostedZoneId", "Z0123456789EXAMPLE", "hostedZoneName", "example.com"));
        context.putAll(more);
        return App.Builder.create().outdir(dir.resolve("cdk.out").toString()).context(context).build();
    }

    private static List<Template> all() {
        return List.of(images, containers, apiGateway, serverless);
    }

    /** Container definitions of every task definition in {@code template}, by container name. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> containerDefinitions(Template template) {
        Map<String, Map<String, Object>> byName = new HashMap<>();
        for (Map<String, Object> task : template.findResources("AWS::ECS::TaskDefinition").values()) {
            Map<String, Object> properties = (Map<String, Object>) task.get("Properties");
            for (Map<String, Object> container : (List<Map<String, Object>>) properties.get("ContainerDefinitions")) {
                byName.put((String) container.get("Name"), container);
            }
        }
        return byName;
    }

    /** The CloudWatch agent's container in the task definition that runs {@code app}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> agentBeside(Template template, String app) {
        for (Map<String, Object> task : template.findResources("AWS::ECS::TaskDefinition").values()) {
            List<Map<String, Object>> containers = (List<Map<String, Object>>) ((Map<String, Object>) task.get("Properties")).get("ContainerDefinitions");
            if (containers.stream().anyMatch(c -> app.equals(c.get("Name")))) {
                return containers.stream().filter(c -> "CloudWatchAgent".equals(c.get("Name"))).findFirst().orElseThrow();
            }
        }
        throw new AssertionError("no task runs " + app);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> environment(Map<String, Object> container) {
        Map<String, Object> environment = new HashMap<>();
        for (Map<String, Object> entry : (List<Map<String, Object>>) container.getOrDefault("Environment", List.of())) {
            environment.put((String) entry.get("Name"), entry.get("Value"));
        }
        return environment;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> secretNames(Map<String, Object> container) {
        return ((List<Map<String, Object>>) container.getOrDefault("Secrets", List.of())).stream()
                .map(secret -> (String) secret.get("Name")).collect(Collectors.toCollection(TreeSet::new));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    // 1. a domain and TLS end to end

    @Test
    void theSiteIsHttpsOnlyOnItsDomainWithACurrentTlsPolicy() {
        containers.hasResourceProperties("AWS::CertificateManager::Certificate", Map.of(
                "DomainName", DOMAIN, "ValidationMethod", "DNS",
                "DomainValidationOptions", List.of(Map.of("DomainName", DOMAIN, "HostedZoneId", "Z0123456789EXAMPLE"))));
        containers.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of(
                "Port", 443, "Protocol", "HTTPS", "SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "Certificates", List.of(Map.of("CertificateArn", Map.of("Ref", Match.stringLikeRegexp("Certificate"))))));
        containers.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of(
                "Port", 80, "Protocol", "HTTP",
                "DefaultActions", List.of(Map.of("Type", "redirect", "RedirectConfig",
                        Map.of("Port", "443", "Protocol", "HTTPS", "StatusCode", "HTTP_301")))));
        containers.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 2);
        containers.hasResourceProperties("AWS::Route53::RecordSet", Map.of(
                "Name", DOMAIN + ".", "Type", "A", "HostedZoneId", "Z0123456789EXAMPLE",
                "AliasTarget", Match.objectLike(Map.of("DNSName", Match.anyValue()))));

        Map<String, Object> scanApi = environment(containerDefinitions(containers).get("ScanApi"));
        assertEquals("wss://" + DOMAIN, scanApi.get("GATEWAY_URL"));
        assertEquals("https://" + DOMAIN, scanApi.get("SCAMSCAN_ALLOWED_ORIGINS"));
        assertEquals("https://" + DOMAIN, environment(containerDefinitions(containers).get("Gateway")).get("SCAMSCAN_ALLOWED_ORIGINS"));
        serverless.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables", Match.objectLike(Map.of(
                "GATEWAY_URL", "wss://" + DOMAIN, "SCAMSCAN_ALLOWED_ORIGINS", "https://" + DOMAIN)))));
    }

    @Test
    void theGatewayGetsBothStreamsWebSocketAndServerSentEvents() {
        containers.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Map.of(
                "Conditions", List.of(Map.of("Field", "path-pattern",
                        "PathPatternConfig", Map.of("Values", List.of("/ws/*", "/sse/*"))))));
    }

    @Test
    void theContextRefusesWhatCannotWork() {
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                () -> synth(Map.of("allowedOrigins", "http://" + DOMAIN)));
        assertTrue(plain.getMessage().contains("only https:// origins"), plain.getMessage());
        IllegalArgumentException zone = assertThrows(IllegalArgumentException.class,
                () -> synth(Map.of("hostedZoneName", "other.example")));
        assertTrue(zone.getMessage().contains("not in the hosted zone"), zone.getMessage());
        IllegalArgumentException removed = assertThrows(IllegalArgumentException.class,
                () -> synth(Map.of("certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/x")));
        assertTrue(removed.getMessage().contains("certificateArn is no longer read"), removed.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> InfraApp.build(
                App.Builder.create().context(Map.of("hostedZoneId", "Z1")).build()));
        assertTrue(missing.getMessage().contains("domainName is required"), missing.getMessage());
        IllegalArgumentException latest = assertThrows(IllegalArgumentException.class,
                () -> synth(Map.of("cloudWatchAgentImage", "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:latest")));
        assertTrue(latest.getMessage().contains("not latest"), latest.getMessage());
        IllegalArgumentException retention = assertThrows(IllegalArgumentException.class,
                () -> synth(Map.of("logRetentionDays", "10")));
        assertTrue(retention.getMessage().contains("logRetentionDays"), retention.getMessage());
    }

    // 2. client addresses through the proxy; services reachable only from the ALB

    @Test
    @SuppressWarnings("unchecked")
    void theServicesTrustTheAlbSubnetsForClientAddresses() {
        Set<String> publicCidrs = containers.findResources("AWS::EC2::Subnet").values().stream()
                .map(InfraTest::properties)
                .filter(p -> Boolean.TRUE.equals(p.get("MapPublicIpOnLaunch")))
                .map(p -> (String) p.get("CidrBlock")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(2, publicCidrs.size(), "one public subnet per zone: " + publicCidrs);
        for (String service : List.of("ScanApi", "Gateway")) {
            Object trusted = environment(containerDefinitions(containers).get(service)).get("SCAMSCAN_SECURITY_TRUSTED_PROXIES");
            assertEquals(publicCidrs, new TreeSet<>(List.of(((String) trusted).split(","))), service);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachServiceHasItsOwnSecurityGroupOpenOnlyToTheAlb() {
        Map<String, Map<String, Object>> groups = containers.findResources("AWS::EC2::SecurityGroup");
        String albGroup = groups.keySet().stream().filter(id -> id.startsWith("AlbSecurityGroup")).findFirst().orElseThrow();
        Set<Object> serviceGroups = new java.util.HashSet<>();
        for (Map<String, Object> service : containers.findResources("AWS::ECS::Service").values()) {
            List<Object> own = (List<Object>) ((Map<String, Object>) ((Map<String, Object>) properties(service)
                    .get("NetworkConfiguration")).get("AwsvpcConfiguration")).get("SecurityGroups");
            assertEquals(1, own.size(), "one security group per service");
            serviceGroups.add(own.get(0));
        }
        assertEquals(2, serviceGroups.size(), "scan-api and the gateway do not share a group");

        // nothing but the ALB may reach a service: every ingress rule on a service group names the ALB's group
        List<Map<String, Object>> ingress = new ArrayList<>();
        containers.findResources("AWS::EC2::SecurityGroupIngress").values().forEach(r -> ingress.add(properties(r)));
        int toServices = 0;
        for (Map<String, Object> rule : ingress) {
            Object target = Map.of("Fn::GetAtt", List.of(((List<Object>) ((Map<String, Object>) rule.get("GroupId")).get("Fn::GetAtt")).get(0), "GroupId"));
            if (serviceGroups.contains(target)) {
                toServices++;
                assertEquals(Map.of("Fn::GetAtt", List.of(albGroup, "GroupId")), rule.get("SourceSecurityGroupId"), rule.toString());
                assertFalse(rule.containsKey("CidrIp"), rule.toString());
            }
        }
        assertEquals(2, toServices, "one ingress rule per service, from the ALB, on its port: " + ingress);
        // the only CIDR ingress in the stack is the ALB's 443 and 80 from the internet
        for (Map.Entry<String, Map<String, Object>> group : groups.entrySet()) {
            List<Map<String, Object>> inline = (List<Map<String, Object>>) properties(group.getValue()).getOrDefault("SecurityGroupIngress", List.of());
            for (Map<String, Object> rule : inline) {
                assertEquals(albGroup, group.getKey(), "CIDR ingress only on the ALB: " + rule);
                assertTrue(Set.of(80, 443).contains(rule.get("FromPort")), rule.toString());
            }
        }
        // Redis: only from the services' and functions' own groups (rules in the consuming stacks)
        String redisGroup = groups.keySet().stream().filter(id -> id.startsWith("Redis") && !id.contains("Subnet")).findFirst().orElseThrow();
        for (Template template : List.of(containers, apiGateway, serverless)) {
            for (Map<String, Object> rule : template.findResources("AWS::EC2::SecurityGroupIngress").values()) {
                Map<String, Object> p = properties(rule);
                if (p.get("GroupId").toString().contains(redisGroup)) {
                    assertEquals(6379, p.get("FromPort"));
                    assertTrue(p.containsKey("SourceSecurityGroupId"), p.toString());
                }
            }
        }
        // each task and function reaches Redis from its own group, by a rule in its own stack
        for (String group : List.of("RelaySecurityGroup", "ConnectionsSecurityGroup")) {
            apiGateway.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("FromPort", 6379, "ToPort", 6379,
                    "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(group), "GroupId"))));
        }
        for (String group : List.of("ScanWorkerSecurityGroup", "ScanApiSecurityGroup")) {
            serverless.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("FromPort", 6379, "ToPort", 6379,
                    "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(group), "GroupId"))));
        }
    }

    // 3. health for orchestrators

    @Test
    void targetsAndContainersAreCheckedOnLivenessWhichDoesNotAskRedis() throws IOException {
        Map<String, Map<String, Object>> groups = containers.findResources("AWS::ElasticLoadBalancingV2::TargetGroup");
        assertEquals(2, groups.size());
        for (Map<String, Object> group : groups.values()) {
            assertEquals("/health/liveness", properties(group).get("HealthCheckPath"), group.toString());
        }
        for (Template template : List.of(containers, apiGateway, serverless)) {
            for (Map<String, Object> container : containerDefinitions(template).values()) {
                if (container.get("Name").equals("CloudWatchAgent")) {
                    continue;
                }
                Object command = ((Map<?, ?>) container.get("HealthCheck")).get("Command");
                assertEquals(List.of("CMD", "java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                        "@/app/jib-classpath-file", "com.scamscan.health.HttpProbe",
                        "http://127.0.0.1:" + environment(container).get("PORT") + "/health/liveness"), command, container.get("Name").toString());
            }
        }
        // the probe the images run is shared's (no curl in them)
        Path probe = Path.of("..", "shared", "redis", "src", "main", "java", "com", "scamscan", "health", "HttpProbe.java");
        assertTrue(Files.readString(probe).contains("public static void main"), probe.toString());
        for (Map<String, Object> service : containers.findResources("AWS::ECS::Service").values()) {
            assertEquals(120, properties(service).get("HealthCheckGracePeriodSeconds"), "the JVM's start is not counted against it");
        }
        // a task started while Redis is away waits for it, within that grace, instead of exiting and being restarted
        for (Template template : List.of(containers, apiGateway, serverless)) {
            for (Map<String, Object> container : containerDefinitions(template).values()) {
                if (!container.get("Name").equals("CloudWatchAgent")) {
                    assertEquals("90s", environment(container).get("SCAMSCAN_REDIS_STARTUP_WAIT"), container.get("Name").toString());
                    assertEquals(120, ((Map<?, ?>) container.get("HealthCheck")).get("StartPeriod"));
                }
            }
        }
        // a gateway's warm-up (its liveness DOWN meanwhile) ends within that grace even after the longest Redis wait
        Map<String, Object> gateway = containerDefinitions(containers).values().stream()
                .filter(c -> c.get("Name").equals("Gateway")).findFirst().orElseThrow();
        assertEquals("20s", environment(gateway).get("SCAMSCAN_GATEWAY_WARM_UP_TIMEOUT"));
        assertTrue(ContainerStack.REDIS_STARTUP_WAIT.toSeconds().intValue() + ContainerStack.GATEWAY_WARM_UP_TIMEOUT.toSeconds().intValue() + 10
                <= ContainerStack.HEALTH_GRACE.toSeconds().intValue());
    }

    // 4. Redis that keeps its data

    @Test
    void redisNeverEvictsKeepsSnapshotsAndSurvivesDeletion() {
        containers.hasResourceProperties("AWS::ElastiCache::ParameterGroup", Map.of(
                "CacheParameterGroupFamily", "redis7", "Properties", Map.of("maxmemory-policy", "noeviction")));
        containers.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of(
                "Engine", "redis", "EngineVersion", "7.1", "NumCacheClusters", 2,
                "AutomaticFailoverEnabled", true, "MultiAZEnabled", true,
                "TransitEncryptionEnabled", true, "AtRestEncryptionEnabled", true));
        containers.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of(
                "CacheParameterGroupName", Map.of("Ref", Match.stringLikeRegexp("RedisParameters")),
                "SnapshotRetentionLimit", 7,
                "UserGroupIds", List.of(Map.of("Ref", Match.stringLikeRegexp("RedisUsers"))),
                "AuthToken", Match.absent()));
        containers.hasResource("AWS::ElastiCache::ReplicationGroup", Map.of("DeletionPolicy", "Snapshot", "UpdateReplacePolicy", "Snapshot"));
        for (Stack stack : List.of(stacks.images(), stacks.containers(), stacks.apiGateway(), stacks.serverless())) {
            assertTrue(stack.getTerminationProtection(), stack.getStackName() + " is protected from deletion");
        }
        for (String metric : List.of("DatabaseMemoryUsagePercentage", "Evictions")) {
            for (String node : List.of("scamscan-prod-redis-001", "scamscan-prod-redis-002")) {
                containers.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", metric, "Namespace", "AWS/ElastiCache",
                        "Dimensions", List.of(Map.of("Name", "CacheClusterId", "Value", node)), "AlarmActions", Match.anyValue()));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRedisPasswordRotatesWithTwoPasswordsOnTheDefaultUser() {
        Map<String, Object> user = properties(containers.findResources("AWS::ElastiCache::User").values().iterator().next());
        assertEquals("default", user.get("UserName"));
        List<Object> passwords = (List<Object>) user.get("Passwords");
        assertEquals(2, passwords.size());
        String both = passwords.toString();
        assertTrue(both.contains("RedisPassword") && both.contains("RedisPreviousPassword"), both);
        containers.hasResourceProperties("AWS::ElastiCache::UserGroup", Map.of("Engine", "redis", "UserIds", List.of("scamscan-prod-default")));
        for (Map<String, Object> container : containerDefinitions(containers).values()) {
            if (!container.get("Name").equals("CloudWatchAgent")) {
                assertTrue(secretNames(container).contains("SCAMSCAN_REDIS_PASSWORD"), container.get("Name").toString());
            }
        }
    }

    @Test
    void withShardsRedisIsAClusterAndTheOtherStacksReadItsEndpointAtDeployTime() throws IOException {
        InfraApp.Stacks clusteredStacks = synth(Map.of("redisShards", "3"));
        Template clustered = Template.fromStack(clusteredStacks.containers());
        clustered.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of(
                "NumNodeGroups", 3, "ReplicasPerNodeGroup", 1, "TransitEncryptionEnabled", true));
        clustered.hasResourceProperties("AWS::ElastiCache::ParameterGroup", Map.of(
                "CacheParameterGroupFamily", "redis7", "Properties", Map.of("maxmemory-policy", "noeviction", "cluster-enabled", "yes")));
        clustered.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "DatabaseMemoryUsagePercentage",
                "Dimensions", List.of(Map.of("Name", "CacheClusterId", "Value", "scamscan-prod-redis-0003-002"))));
        for (Template template : List.of(clustered, Template.fromStack(clusteredStacks.apiGateway()), Template.fromStack(clusteredStacks.serverless()))) {
            String json = template.toJSON().toString();
            assertTrue(json.contains("SCAMSCAN_REDIS_URIS"), "cluster seed handed out");
            assertFalse(json.contains("REDIS_URL"), "no single-server URL left");
        }
        // the dependent stacks take the endpoint from SSM, not from an export that would pin the replication group
        for (Template template : List.of(apiGateway, serverless)) {
            String json = template.toJSON().toString();
            assertFalse(json.contains("RedisGroup"), "no reference to the replication group");
            assertTrue(json.contains("AWS::SSM::Parameter::Value<String>") && json.contains("/scamscan-prod/redis-endpoint"), json);
        }
        containers.hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/scamscan-prod/redis-endpoint", "Type", "String"));
    }

    // 5. images from ECR, by digest

    @Test
    void imagesComeFromImmutableScannedEcrRepositoriesByDigest() {
        images.resourceCountIs("AWS::ECR::Repository", 3);
        for (String name : List.of("scan-api", "gateway", "apigateway-relay")) {
            images.hasResource("AWS::ECR::Repository", Map.of("DeletionPolicy", "Retain", "Properties", Match.objectLike(Map.of(
                    "RepositoryName", "scamscan-prod/" + name, "ImageTagMutability", "IMMUTABLE",
                    "ImageScanningConfiguration", Map.of("ScanOnPush", true),
                    "LifecyclePolicy", Match.anyValue()))));
        }
        for (Template template : List.of(containers, apiGateway, serverless)) {
            for (Map<String, Object> container : containerDefinitions(template).values()) {
                String image = container.get("Image").toString();
                if (container.get("Name").equals("CloudWatchAgent")) {
                    assertTrue(image.matches("public\\.ecr\\.aws/cloudwatch-agent/cloudwatch-agent:\\d[\\w.]+"), image);
                    continue;
                }
                assertTrue(image.contains("@sha256:") && image.contains("ImageDigest"), container.get("Name") + ": " + image);
                assertFalse(image.contains("docker.io") || image.contains("scamscan/"), image);
            }
        }
        containers.hasParameter("GatewayImageDigest", Map.of("Type", "String", "AllowedPattern", "^[0-9a-f]{64}$"));
        containers.hasParameter("ScanApiImageDigest", Map.of("Type", "String", "AllowedPattern", "^[0-9a-f]{64}$"));
        apiGateway.hasParameter("RelayImageDigest", Map.of("Type", "String", "AllowedPattern", "^[0-9a-f]{64}$"));
        serverless.hasParameter("ScanApiImageDigest", Map.of("Type", "String", "AllowedPattern", "^[0-9a-f]{64}$"));
    }

    // 6. scaling and deploys that fit the design

    @Test
    void theGatewayFleetIsSizedByTheBudgetAndScalesOnTheAverageGatewaysConnections() {
        // budgetCap 777 / connectionsPerGateway 100: at most 8 gateways, a ninth could hold nothing
        containers.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of(
                "MinCapacity", 2, "MaxCapacity", 8, "ResourceId", Match.anyValue()));
        containers.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
                "PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                        "TargetValue", 70,
                        "CustomizedMetricSpecification", Map.of("MetricName", "scamscan_gateway_connections",
                                "Namespace", "ScamScan/prod", "Statistic", "Average",
                                "Dimensions", List.of(Map.of("Name", "Service", "Value", "gateway")))))));
        assertFalse(containers.toJSON().toString().contains("ActiveConnectionCount"), "not the ALB-wide sum");
        Map<String, Object> gateway = environment(containerDefinitions(containers).get("Gateway"));
        assertEquals("777", gateway.get("SCAMSCAN_GATEWAY_BUDGET_CAP"));
        assertEquals("100", gateway.get("SCAMSCAN_GATEWAY_BUDGET_INSTANCE_CAP"));
        // the agent beside it is what turns /prometheus into that metric
        Map<String, Object> agent = environment(agentBeside(containers, "Gateway"));
        assertTrue(agent.get("PROMETHEUS_CONFIG_CONTENT").toString().contains("metrics_path: /prometheus"));
        assertTrue(agent.get("PROMETHEUS_CONFIG_CONTENT").toString().contains("127.0.0.1:8081"));
        assertTrue(agent.get("CW_CONFIG_CONTENT").toString().contains("^scamscan_gateway_connections$"));

        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> synth(Map.of("gatewayMinCount", "9")));
        assertTrue(tooMany.getMessage().contains("gatewayMinCount 9 must be 1..8"), tooMany.getMessage());
        IllegalArgumentException derived = assertThrows(IllegalArgumentException.class, () -> synth(Map.of("gatewayMaxCount", "20")));
        assertTrue(derived.getMessage().contains("derived"), derived.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void deploysKeepFullCapacityAndOutwaitTheGatewaysDrain() {
        for (Map<String, Object> service : containers.findResources("AWS::ECS::Service").values()) {
            Map<String, Object> deployment = (Map<String, Object>) properties(service).get("DeploymentConfiguration");
            assertEquals(100, deployment.get("MinimumHealthyPercent"), service.toString());
            assertEquals(200, deployment.get("MaximumPercent"), service.toString());
            assertEquals(Map.of("Enable", true, "Rollback", true), deployment.get("DeploymentCircuitBreaker"));
        }
        int drain = ContainerStack.GATEWAY_DRAIN.toSeconds().intValue();
        Map<String, Object> gatewayGroup = containers.findResources("AWS::ElasticLoadBalancingV2::TargetGroup").values().stream()
                .map(InfraTest::properties).filter(p -> Integer.valueOf(8081).equals(p.get("Port"))).findFirst().orElseThrow();
        int deregistration = ((List<Map<String, Object>>) gatewayGroup.get("TargetGroupAttributes")).stream()
                .filter(a -> a.get("Key").equals("deregistration_delay.timeout_seconds"))
                .mapToInt(a -> Integer.parseInt(a.get("Value").toString())).findFirst().orElseThrow();
        assertTrue(deregistration > drain, "deregistration delay " + deregistration + " s outlasts the drain " + drain + " s");
        int taskTimeout = ContainerStack.TASK_TIMEOUT.toSeconds().intValue();
        assertTrue(deregistration >= taskTimeout + drain, "deregistration delay " + deregistration + " s: a stream ends with its task first");
        // the drain the gateway runs after SIGTERM is the one this stack plans for (the app's default is 10 s)
        assertEquals(drain + "s", environment(containerDefinitions(containers).get("Gateway")).get("SCAMSCAN_GATEWAY_DRAIN_TIMEOUT"));
        int stop = ((Number) containerDefinitions(containers).get("Gateway").get("StopTimeout")).intValue();
        assertTrue(stop > drain, "stopTimeout " + stop + " s outlasts the drain");
        assertTrue(stop <= 120, "Fargate's longest stop timeout");
        // the ALB closes idle connections before the apps' 5 min read-idle-timeout would, and never a live stream (15 s heartbeats)
        containers.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of("LoadBalancerAttributes", Match.arrayWith(List.of(
                Map.of("Key", "idle_timeout.timeout_seconds", "Value", "120"),
                Map.of("Key", "routing.http.drop_invalid_header_fields.enabled", "Value", "true")))));
    }

    @Test
    void heapsLeaveRoomForNativeMemory() {
        Map<String, Map<String, Object>> defs = containerDefinitions(containers);
        // scan-api: 2048 MiB minus the agent's 128, half for the heap (Tesseract and image buffers live outside it)
        assertEquals("-Xmx960m", environment(defs.get("ScanApi")).get("JAVA_TOOL_OPTIONS"));
        // gateway: 1024 MiB minus the agent's 128, 60% heap (Netty's direct buffers)
        assertEquals("-Xmx537m", environment(defs.get("Gateway")).get("JAVA_TOOL_OPTIONS"));
        assertEquals(1024 - 128, defs.get("Gateway").get("Memory"));
    }

    @Test
    void eachDefaultContainerHoldsHalfAgainWhatItsAppWasMeasuredToUse() {
        Map<String, Map<String, Object>> defs = new HashMap<>();
        for (Template template : List.of(containers, apiGateway, serverless)) {
            defs.putAll(containerDefinitions(template));
        }
        assertEquals(Set.of("Gateway", "ScanApi", "ScanWorker", "Relay"), Sizes.MEASURED_RSS_MB.keySet());
        for (Map.Entry<String, Integer> measured : Sizes.MEASURED_RSS_MB.entrySet()) {
            int mib = ((Number) defs.get(measured.getKey()).get("Memory")).intValue();
            double rssMib = measured.getValue() * 1_000_000.0 / (1 << 20);
            assertTrue(mib >= rssMib * Sizes.MEASURED_HEADROOM, measured.getKey() + ": " + mib + " MiB for a measured " + measured.getValue() + " MB");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void workersScaleOnTheQueuesLengthPerRunningWorker() {
        serverless.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of("MinCapacity", 2, "MaxCapacity", 8));
        serverless.resourceCountIs("AWS::ApplicationAutoScaling::ScalingPolicy", 1);
        Map<String, Object> policy = properties(serverless.findResources("AWS::ApplicationAutoScaling::ScalingPolicy").values().iterator().next());
        assertEquals("TargetTrackingScaling", policy.get("PolicyType"));
        Map<String, Object> tracking = (Map<String, Object>) policy.get("TargetTrackingScalingPolicyConfiguration");
        assertEquals(2, tracking.get("TargetValue"), "one scan in hand and one waiting per worker");
        Map<String, Object> metric = (Map<String, Object>) tracking.get("CustomizedMetricSpecification");
        assertEquals(Set.of("Metrics"), metric.keySet(), "metric math only, no single metric beside it: " + metric);
        List<Map<String, Object>> queries = (List<Map<String, Object>>) metric.get("Metrics");
        Map<String, Map<String, Object>> byId = queries.stream().collect(Collectors.toMap(q -> (String) q.get("Id"), q -> q));
        assertEquals(Map.of("Id", "perWorker", "Expression", "length / tasks", "Label", "scans on the queue per worker", "ReturnData", true),
                byId.get("perWorker"));
        assertEquals(Map.of("Stat", "Average", "Metric", Map.of("Namespace", "ScamScan/prod", "MetricName", "scamscan_queue_length",
                "Dimensions", List.of(Map.of("Name", "Service", "Value", "scan-worker")))), byId.get("length").get("MetricStat"));
        assertEquals(false, byId.get("length").get("ReturnData"));
        Map<String, Object> tasks = (Map<String, Object>) ((Map<String, Object>) byId.get("tasks").get("MetricStat")).get("Metric");
        assertEquals("ECS/ContainerInsights", tasks.get("Namespace"));
        assertEquals("RunningTaskCount", tasks.get("MetricName"));
        assertEquals(List.of("ClusterName", "ServiceName"), ((List<Map<String, Object>>) tasks.get("Dimensions")).stream().map(d -> d.get("Name")).toList());
        assertTrue(tasks.get("Dimensions").toString().contains("ScanWorker"), "this service's tasks: " + tasks);
        assertFalse(serverless.toJSON().toString().contains("ECSServiceAverageCPUUtilization"), "not on CPU any more");

        // the agent beside each worker writes those gauges from its /prometheus
        Map<String, Map<String, Object>> defs = containerDefinitions(serverless);
        assertEquals("worker", environment(defs.get("ScanWorker")).get("SCAMSCAN_MODE"));
        Map<String, Object> agent = environment(agentBeside(serverless, "ScanWorker"));
        assertTrue(agent.get("PROMETHEUS_CONFIG_CONTENT").toString().contains("targets: ['127.0.0.1:8080']"));
        assertTrue(agent.get("PROMETHEUS_CONFIG_CONTENT").toString().contains("Service: scan-worker"));
        String config = agent.get("CW_CONFIG_CONTENT").toString();
        assertTrue(config.contains("\"metric_selectors\":[\"^scamscan_queue_length$\"]"), config);
        assertTrue(config.contains("\"metric_selectors\":[\"^scamscan_queue_oldest_waiting_age_seconds$\"]"), config);
        assertTrue(config.contains("\"log_group_name\":\"/scamscan-prod/prometheus/scan-worker\""), config);
        serverless.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/scamscan-prod/prometheus/scan-worker"));
        containers.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/scamscan-prod/prometheus/gateway"));
        assertEquals(2048 - 128, defs.get("ScanWorker").get("Memory"));
        // and a scan waiting a minute for a worker pages someone
        serverless.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "scamscan_queue_oldest_waiting_age_seconds",
                "Statistic", "Maximum", "Threshold", 60, "Dimensions", List.of(Map.of("Name", "Service", "Value", "scan-worker"))));
    }

    // 7. the API Gateway relay

    @Test
    @SuppressWarnings("unchecked")
    void theRelayRunsALeaderAndAStandbyAndIsReplacedStartFirst() throws IOException {
        apiGateway.resourceCountIs("AWS::ECS::Service", 1);
        Map<String, Object> relay = properties(apiGateway.findResources("AWS::ECS::Service").values().iterator().next());
        assertEquals(2, relay.get("DesiredCount"), "the leader posts, the standby takes over when it stops");
        Map<String, Object> deployment = (Map<String, Object>) relay.get("DeploymentConfiguration");
        assertEquals(100, deployment.get("MinimumHealthyPercent"), "the new tasks start before the old ones stop: no gap");
        assertEquals(200, deployment.get("MaximumPercent"));
        assertEquals(Map.of("Enable", true, "Rollback", true), deployment.get("DeploymentCircuitBreaker"));
        apiGateway.resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 0);
        Map<String, Object> container = containerDefinitions(apiGateway).get("Relay");
        assertTrue(container.get("HealthCheck").toString().contains("/health/liveness"));
        assertTrue(environment(container).containsKey("SCAMSCAN_APIGATEWAY_ENDPOINT"));
        // the hand-over (posts under way, then each connection's last event recorded: at most 5 s) fits in the stop timeout
        assertTrue(((Number) container.get("StopTimeout")).intValue() >= 30, container.toString());
        Map<String, Map<String, Object>> policies = apiGateway.findResources("AWS::IAM::Policy");
        assertTrue(policies.toString().contains("execute-api:ManageConnections"), policies.toString());
        assertEquals(1, apiGateway.findOutputs("WebSocketUrl").size());
        // and the relay module has the lease that makes the standby stand by
        Path lease = Path.of("..", "gateway", "apigateway-relay", "src", "main", "java", "com", "scamscan", "apigateway", "RelayLease.java");
        assertTrue(Files.readString(lease).contains("implements BudgetGate"), lease.toString());
    }

    @Test
    void theWebSocketApiRoutesAllThreeRoutesToTheJavaFunction() {
        apiGateway.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "WEBSOCKET", "Name", "scamscan-prod-progress"));
        for (String route : List.of("$connect", "$disconnect", "$default")) {
            apiGateway.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", route));
        }
        apiGateway.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java17", "Handler", ApiGatewayStack.HANDLER, "MemorySize", 1024, "Timeout", 15, "VpcConfig", Match.anyValue()));
    }

    @Test
    void scanApiRunsAsAFunctionBehindAnHttpApiWithItsWorkersAsAService() {
        serverless.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", ServerlessStack.HANDLER, "Runtime", "java17", "MemorySize", 2048, "Timeout", 29,
                "VpcConfig", Match.objectLike(Map.of("SubnetIds", Match.anyValue()))));
        serverless.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP",
                "CorsConfiguration", Match.objectLike(Map.of("AllowOrigins", List.of("https://" + DOMAIN)))));
        serverless.resourceCountIs("AWS::ApiGatewayV2::Route", 2);
        serverless.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "POST /scan-image"));
        serverless.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "GET /tasks/{task_id}"));
        serverless.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of("IntegrationType", "AWS_PROXY", "PayloadFormatVersion", "2.0"));
        serverless.resourceCountIs("AWS::ElasticLoadBalancingV2::TargetGroup", 0);
    }

    @Test
    void theFunctionsCodeIsScanApisLambdaJarAndTheSynthRefusesCodeLambdaCannotUnpack() throws IOException {
        App defaults = App.Builder.create().context(Map.of("domainName", DOMAIN, "hostedZoneId", "Z1", "hostedZoneName", "example.com")).build();
        assertTrue(Sizes.from(defaults.getNode()).scanApiJar().endsWith("/scan-api/target/scan-api-0.1.0-SNAPSHOT-lambda.jar"),
                "the jar without the unused language models (scan-api's LambdaPackageIT pins its size)");
        // 250 MB of zeros: a 250 KB file that Lambda would refuse to unpack beside its layers
        Path big = Files.createTempDirectory("scamscan-big").resolve("big.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(big))) {
            zip.putNextEntry(new ZipEntry("language-models/all.json"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 250; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> synth(Map.of("scanApiJar", big.toString())));
        assertTrue(refused.getMessage().contains("unpacks to 262 MB; Lambda takes 241 MB"), refused.getMessage());
    }

    // 8. edge protection and secrets

    @Test
    void wafLimitsEachAddressOnTheAlb() {
        containers.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Scope", "REGIONAL",
                "DefaultAction", Map.of("Allow", Map.of()),
                "Rules", Match.arrayWith(List.of(Match.objectLike(Map.of("Name", "rate-per-address", "Action", Map.of("Block", Map.of()),
                        "Statement", Map.of("RateBasedStatement", Map.of("Limit", 1000, "AggregateKeyType", "IP"))))))));
        containers.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Map.of(
                "ResourceArn", Map.of("Ref", Match.stringLikeRegexp("Alb")), "WebACLArn", Match.anyValue()));
    }

    @Test
    void theApisAreThrottledAndTheFunctionsHaveReservedConcurrency() {
        serverless.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("StageName", "$default",
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100)));
        apiGateway.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("StageName", "prod", "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100)));
        serverless.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", ServerlessStack.HANDLER, "ReservedConcurrentExecutions", 50));
        apiGateway.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", ApiGatewayStack.HANDLER, "ReservedConcurrentExecutions", 100));
    }

    @Test
    void tasksReadTheirSecretsFromSecretsManagerWithThePreviousTokenKey() {
        for (Template template : List.of(containers, apiGateway, serverless)) {
            for (Map<String, Object> container : containerDefinitions(template).values()) {
                if (container.get("Name").equals("CloudWatchAgent")) {
                    continue;
                }
                assertEquals(Set.of("SCAMSCAN_REDIS_PASSWORD", "SCAMSCAN_SECURITY_STREAM_TOKEN_PREVIOUS_SECRET", "SCAMSCAN_TOKEN_SECRET"),
                        secretNames(container), container.get("Name").toString());
                for (String secret : secretNames(container)) {
                    assertFalse(environment(container).containsKey(secret), secret + " not in the plain environment");
                }
            }
        }
        containers.resourceCountIs("AWS::SecretsManager::Secret", 4);
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionsReadTheirSecretsAtRunTimeNotFromTheirEnvironment() {
        for (Template template : List.of(apiGateway, serverless)) {
            Map<String, Object> function = properties(template.findResources("AWS::Lambda::Function").values().stream()
                    .filter(f -> properties(f).get("Handler").toString().startsWith("com.scamscan")).findFirst().orElseThrow());
            Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
            assertTrue(variables.keySet().containsAll(Set.of("SCAMSCAN_TOKEN_SECRET_ARN", "SCAMSCAN_TOKEN_PREVIOUS_SECRET_ARN",
                    "SCAMSCAN_REDIS_PASSWORD_ARN")), variables.keySet().toString());
            for (String value : List.of("SCAMSCAN_TOKEN_SECRET", "SCAMSCAN_REDIS_PASSWORD", "SCAMSCAN_SECURITY_STREAM_TOKEN_PREVIOUS_SECRET")) {
                assertFalse(variables.containsKey(value), value + " is not in the function's environment");
            }
            String json = template.toJSON().toString();
            assertFalse(json.contains("resolve:secretsmanager"), "no secret value resolved into the template");
            assertTrue(function.get("Layers").toString().contains("AWS-Parameters-and-Secrets-Lambda-Extension")
                    || json.contains("AWS-Parameters-and-Secrets-Lambda-Extension"), function.toString());
            assertTrue(template.findResources("AWS::IAM::Policy").toString().contains("secretsmanager:GetSecretValue"));
        }
    }

    // 9. operations

    @Test
    void everyLogGroupHasARetentionAndEveryFunctionLogsToOne() {
        for (Template template : List.of(containers, apiGateway, serverless)) {
            Map<String, Map<String, Object>> groups = template.findResources("AWS::Logs::LogGroup");
            assertFalse(groups.isEmpty());
            for (Map<String, Object> group : groups.values()) {
                assertTrue(properties(group).get("RetentionInDays") instanceof Number, group.toString());
                assertTrue(properties(group).get("LogGroupName").toString().startsWith("/scamscan-prod/"), group.toString());
            }
            for (Map<String, Object> container : containerDefinitions(template).values()) {
                assertEquals("awslogs", ((Map<?, ?>) container.get("LogConfiguration")).get("LogDriver"));
                assertTrue(container.get("LogConfiguration").toString().contains("Ref"), "a log group of the stack's");
            }
        }
        containers.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/scamscan-prod/Gateway", "RetentionInDays", 30));
        for (Template template : List.of(apiGateway, serverless)) {
            template.hasResourceProperties("AWS::Lambda::Function", Map.of("LoggingConfig", Map.of("LogGroup", Map.of("Ref", Match.anyValue()))));
        }
    }

    @Test
    void alarmsNotifyOneTopicAndADashboardShowsTheFleet() {
        for (Template template : List.of(containers, apiGateway, serverless)) {
            Map<String, Map<String, Object>> alarms = template.findResources("AWS::CloudWatch::Alarm");
            assertFalse(alarms.isEmpty());
            for (Map<String, Object> alarm : alarms.values()) {
                assertTrue(properties(alarm).get("AlarmActions").toString().contains("Alarms"), alarm.toString());
            }
        }
        containers.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "HTTPCode_ELB_5XX_Count"));
        containers.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "UnHealthyHostCount"));
        for (Template template : List.of(apiGateway, serverless)) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Errors", "Namespace", "AWS/Lambda"));
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Throttles", "Namespace", "AWS/Lambda"));
        }
        containers.resourceCountIs("AWS::SNS::Topic", 1);
        containers.resourceCountIs("AWS::SNS::Subscription", 0);
        containers.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "scamscan-prod"));
    }

    @Test
    void anAlarmEmailSubscribesToTheTopic() throws IOException {
        Template withEmail = Template.fromStack(synth(Map.of("alarmEmail", "oncall@example.com")).containers());
        withEmail.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "oncall@example.com"));
    }

    @Test
    void everyResourceIsTaggedWithProjectAndEnvironment() {
        containers.hasResourceProperties("AWS::EC2::VPC", Map.of("Tags", Match.arrayWith(List.of(
                Map.of("Key", "environment", "Value", "prod"), Map.of("Key", "project", "Value", "scamscan")))));
        images.hasResourceProperties("AWS::ECR::Repository", Map.of("Tags", Match.arrayWith(List.of(
                Map.of("Key", "environment", "Value", "prod")))));
        serverless.hasResourceProperties("AWS::Lambda::Function", Map.of("Tags", Match.arrayWith(List.of(
                Map.of("Key", "environment", "Value", "prod")))));
    }

    @Test
    void environmentsLiveSideBySideInOneAccount() throws IOException {
        InfraApp.Stacks staging = synth(Map.of("envName", "staging", "domainName", "staging.example.com"));
        assertEquals("ScamScan-staging-Containers", staging.containers().getStackName());
        assertEquals("ScamScan-prod-Containers", stacks.containers().getStackName());
        Template stagingImages = Template.fromStack(staging.images());
        stagingImages.hasResourceProperties("AWS::ECR::Repository", Map.of("RepositoryName", "scamscan-staging/gateway"));
        Template stagingContainers = Template.fromStack(staging.containers());
        stagingContainers.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of("ReplicationGroupId", "scamscan-staging-redis"));
        stagingContainers.hasResourceProperties("AWS::ECS::Cluster", Map.of("ClusterName", "scamscan-staging"));
        stagingContainers.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Name", "scamscan-staging"));
        stagingContainers.hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/scamscan-staging/redis-endpoint"));
        Template.fromStack(staging.apiGateway()).hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "scamscan-staging-connections"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> synth(Map.of("envName", "Prod_1")));
        assertTrue(bad.getMessage().contains("envName"), bad.getMessage());
    }

    @Test
    void privateSubnetsHaveANatGatewayEachAndS3WithoutOne() throws IOException {
        containers.resourceCountIs("AWS::EC2::NatGateway", 2);
        containers.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway",
                "ServiceName", Match.objectLike(Map.of("Fn::Join", Match.anyValue()))));
        containers.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
        Template withEndpoints = Template.fromStack(synth(Map.of("interfaceEndpoints", "true", "natGateways", "1")).containers());
        withEndpoints.resourceCountIs("AWS::EC2::NatGateway", 1);
        withEndpoints.resourceCountIs("AWS::EC2::VPCEndpoint", 6);
    }

    // 10. the synth itself

    private static List<String> messages(List<software.amazon.awscdk.cxapi.SynthesisMessage> found) {
        return found.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
    }

    @Test
    void theSynthWarnsAboutNothing() {
        for (Stack stack : List.of(stacks.images(), stacks.containers(), stacks.apiGateway(), stacks.serverless())) {
            Annotations annotations = Annotations.fromStack(stack);
            assertEquals(List.of(), messages(annotations.findWarning("*", Match.anyValue())), stack.getStackName());
            assertEquals(List.of(), messages(annotations.findError("*", Match.anyValue())), stack.getStackName());
        }
        assertEquals(4, all().size());
        // CloudFormation's own schema checks, run by the synth (a description CloudFormation would refuse, ...)
        Path report = Path.of(((App) stacks.containers().getNode().getRoot()).getOutdir(), "validation-report.json");
        if (Files.exists(report)) {
            String text = assertDoesNotThrow(() -> Files.readString(report));
            assertFalse(text.contains("\"ruleName\""), text);
        }
    }
}
