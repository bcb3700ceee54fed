package com.scamscan.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticache.CfnParameterGroup;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.elasticache.CfnUser;
import software.amazon.awscdk.services.elasticache.CfnUserGroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.ssm.StringParameter;

/**
 * Redis on ElastiCache: a primary and a replica with automatic failover, or with {@code redisShards > 1} a Redis
 * Cluster of that many shards with a replica each (sharded pub/sub); TLS in transit, encrypted at rest, a default
 * user with two passwords for rotation, {@code noeviction}, snapshots, and alarms per node on memory, evictions,
 * engine CPU and replication lag.
 * The apps find it through an SSM parameter, and reach it through an ingress rule per security group.
 */
final class RedisStore {

    static final int PORT = 6379;

    final SecurityGroup securityGroup;
    final Secret password;
    final Secret previousPassword;
    /** The environment variable the apps find Redis by: {@code REDIS_URL}, or in cluster mode {@code SCAMSCAN_REDIS_URIS}. */
    final String variable;
    /** The SSM parameter holding its value, which the other stacks read at deploy time (no export pins the endpoint). */
    final StringParameter endpoint;
    /** The cache nodes' ids, for their alarms and the dashboard. */
    final List<String> nodes = new ArrayList<>();
    private final Stack stack;
    private final Sizes sizes;

    RedisStore(Stack stack, Sizes sizes, Vpc vpc, Alarms alarms) {
        this.stack = stack;
        this.sizes = sizes;
        securityGroup = SecurityGroup.Builder.create(stack, "Redis").vpc(vpc).description("ElastiCache Redis: only from the ScamScan services")
                .allowAllOutbound(false).build();
        password = Secret.Builder.create(stack, "RedisPassword").description("ElastiCache default user's password (current)")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(48).build()).build();
        previousPassword = Secret.Builder.create(stack, "RedisPreviousPassword")
                .description("ElastiCache default user's second password: the previous one during a rotation (docs/deploy.md)")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(48).build()).build();
        CfnSubnetGroup subnets = CfnSubnetGroup.Builder.create(stack, "RedisSubnets").description("ScamScan Redis")
                .subnetIds(vpc.selectSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()).getSubnetIds())
                .build();
        boolean clustered = sizes.redisShards() > 1;
        Map<String, String> parameters = new TreeMap<>(Map.of("maxmemory-policy", "noeviction"));
        if (clustered) {
            parameters.put("cluster-enabled", "yes");
        }
        CfnParameterGroup parameterGroup = CfnParameterGroup.Builder.create(stack, "RedisParameters")
                .cacheParameterGroupFamily("redis7")
                .description("ScamScan: never evict (queued uploads, leases, task records, budget and rate-limit keys all have TTLs)")
                .properties(parameters).build();
        // RBAC: the "default" user (the apps AUTH with a password alone) holds two passwords, so a rotation adds the new
        // one while running tasks still use the old (ElastiCache allows two per user)
        CfnUser user = CfnUser.Builder.create(stack, "RedisDefaultUser").engine("redis")
                .userId(sizes.prefix() + "-default").userName("default")
                .accessString("on ~* &* +@all")
                .passwords(List.of(password.getSecretValue().unsafeUnwrap(), previousPassword.getSecretValue().unsafeUnwrap()))
                .build();
        CfnUserGroup users = CfnUserGroup.Builder.create(stack, "RedisUsers").engine("redis")
                .userGroupId(sizes.prefix() + "-users").userIds(List.of(user.getUserId())).build();
        users.addResourceDependency(user);
        CfnReplicationGroup.Builder group = CfnReplicationGroup.Builder.create(stack, "RedisGroup")
                .replicationGroupId(sizes.prefix() + "-redis")
                .replicationGroupDescription("ScamScan progress, history, queue and budget")
                .engine("redis").engineVersion("7.1").cacheNodeType(sizes.redisNodeType())
                .cacheParameterGroupName(parameterGroup.getRef())
                .automaticFailoverEnabled(true).multiAzEnabled(true)
                .transitEncryptionEnabled(true).atRestEncryptionEnabled(true)
                .userGroupIds(List.of(users.getRef()))
                .snapshotRetentionLimit(sizes.redisSnapshotDays()).snapshotWindow("03:00-04:00")
                .preferredMaintenanceWindow("sun:04:30-sun:05:30")
                .cacheSubnetGroupName(subnets.getRef()).securityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                .port(PORT);
        CfnReplicationGroup redis;
        if (clustered) {
            redis = group.numNodeGroups(sizes.redisShards()).replicasPerNodeGroup(1).build();
            variable = "SCAMSCAN_REDIS_URIS";
            endpoint = parameter("rediss://" + redis.getAttrConfigurationEndPointAddress() + ":" + PORT);
            for (int shard = 1; shard <= sizes.redisShards(); shard++) {
                for (int node = 1; node <= 2; node++) {
                    nodes.add(String.format("%s-redis-%04d-%03d", sizes.prefix(), shard, node));
                }
            }
        } else {
            redis = group.numCacheClusters(2).build();
            variable = "REDIS_URL";
            endpoint = parameter("rediss://" + redis.getAttrPrimaryEndPointAddress() + ":" + PORT);
            nodes.add(sizes.prefix() + "-redis-001");
            nodes.add(sizes.prefix() + "-redis-002");
        }
        redis.addResourceDependency(users);
        // deleting the stack (or a replacement) keeps a final snapshot of the data
        redis.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
        for (String node : nodes) {
            alarms.alarm(stack, "RedisMemory" + node, metric("DatabaseMemoryUsagePercentage", node, "Maximum"), 80,
                    "Redis node " + node + " above 80% of maxmemory: with noeviction, writes fail when it is full");
            alarms.alarm(stack, "RedisEvictions" + node, metric("Evictions", node, "Sum"), 0,
                    "Redis node " + node + " evicted keys: maxmemory-policy must stay noeviction");
            alarms.alarm(stack, "RedisCpu" + node, metric("EngineCPUUtilization", node, "Average"), 80, 3,
                    "Redis node " + node + ": its engine thread above 80% CPU for 15 minutes (commands queue; a larger node or more shards)");
            // a primary reports no replication lag: only the node that is a replica at the time can alarm
            alarms.alarm(stack, "RedisReplicationLag" + node, metric("ReplicationLag", node, "Maximum", Duration.minutes(1)), 5, 5,
                    "Redis node " + node + " is a replica over 5 s behind its primary for 5 minutes (a failover would lose those writes)");
        }
    }

    String parameterName() {
        return "/" + sizes.prefix() + "/redis-endpoint";
    }

    private StringParameter parameter(String value) {
        return StringParameter.Builder.create(stack, "RedisEndpoint").parameterName(parameterName())
                .description("The apps' Redis address (" + (sizes.redisShards() > 1 ? "cluster configuration endpoint" : "primary endpoint")
                        + "); read by the other stacks at deploy time").stringValue(value).build();
    }

    /**
     * The apps' Redis address as {@code scope} sees it: in the container stack the parameter's value, in the others a
     * deploy-time read of the SSM parameter, so that no CloudFormation export pins the endpoint (a change of
     * redisShards replaces the replication group; an export in use could not change).
     */
    String address(Stack scope) {
        return scope == stack ? endpoint.getStringValue() : StringParameter.valueForStringParameter(scope, parameterName());
    }

    /**
     * Lets {@code group} (a task's or function's own security group, which may send anywhere) reach Redis: an ingress
     * rule on the Redis group, created in group's stack, so that the container stack never refers to the others.
     */
    void allow(SecurityGroup group) {
        Stack scope = Stack.of(group);
        String id = group.getNode().getId() + "ToRedis";
        CfnSecurityGroupIngress.Builder.create(scope, id)
                .groupId(securityGroup.getSecurityGroupId()).sourceSecurityGroupId(group.getSecurityGroupId())
                .ipProtocol("tcp").fromPort(PORT).toPort(PORT)
                .description("Redis from " + group.getNode().getId()).build();
    }

    /** A metric of one cache node, over 5 minutes. */
    static Metric metric(String name, String node, String statistic) {
        return metric(name, node, statistic, Duration.minutes(5));
    }

    static Metric metric(String name, String node, String statistic, Duration period) {
        return Metric.Builder.create().namespace("AWS/ElastiCache").metricName(name)
                .dimensionsMap(Map.of("CacheClusterId", node)).statistic(statistic).period(period).build();
    }
}
