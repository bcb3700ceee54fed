package com.scamscan.infra;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * What every ScamScan app is given, in whichever stack it runs: the VPC, Redis, the stream-token secrets, the alarm
 * topic, and with them its security group (reaching Redis), its environment (Redis, allowed origins) and its logs.
 */
record AppBase(Sizes sizes, Vpc vpc, RedisStore redis, Secret tokenSecret, Secret tokenPreviousSecret, Alarms alarms) {

    /** The environment every app starts with: where Redis is, and the origins it allows. */
    Map<String, String> environment(Stack scope) {
        Map<String, String> environment = new TreeMap<>();
        environment.put(redis.variable, redis.address(scope));
        environment.put("SCAMSCAN_ALLOWED_ORIGINS", sizes.allowedOrigins());
        return environment;
    }

    /** The app's own security group in {@code scope} (it may send anywhere), allowed to reach Redis. */
    SecurityGroup securityGroup(Stack scope, String name, String description) {
        SecurityGroup group = SecurityGroup.Builder.create(scope, name + "SecurityGroup").vpc(vpc)
                .description(description).build();
        redis.allow(group);
        return group;
    }

    /** A log group of this environment with the configured retention. */
    LogGroup logGroup(Construct scope, String name) {
        return LogGroup.Builder.create(scope, name + "Logs").logGroupName("/" + sizes.prefix() + "/" + name)
                .retention(retention(sizes.logRetentionDays())).removalPolicy(RemovalPolicy.DESTROY).build();
    }

    /** The CloudWatch namespace of the apps' own metrics. */
    String metricNamespace() {
        return "ScamScan/" + sizes.envName();
    }

    static RetentionDays retention(int days) {
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
}
