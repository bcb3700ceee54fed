package com.scamscan.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsLayerVersion;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsVersions;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.secretsmanager.Secret;

/** ScamScan's Java 17 Lambda functions, in any stack, in the container stack's VPC and reaching its Redis. */
final class Functions {

    /**
     * Lambda unpacks a function's zip package and its layers to at most 250 MB (262,144,000 bytes); this much of it is
     * left for the layers (the AWS Parameters and Secrets extension is a few MB).
     */
    static final long UNPACKED_LIMIT = 262_144_000L;
    static final long LAYER_RESERVE = 20L * 1024 * 1024;

    private final AppBase base;

    Functions(AppBase base) {
        this.base = base;
    }

    /**
     * A Java 17 function of ScamScan's in {@code scope}: in the VPC with its own security group (reaching Redis), Redis
     * and allowed origins in its environment, a reserved concurrency (a flood cannot take the account's whole Lambda
     * concurrency, nor Redis's connections), logs with retention. Lambda has no secret injection: the environment
     * names the secrets ({@code *_ARN}) and the function reads them when it starts through the AWS Parameters and
     * Secrets extension layer, with read access to exactly those three.
     */
    Function function(Stack scope, String name, String handler, String jar, int memoryMib, Duration timeout,
                      int reservedConcurrency, Map<String, String> extra, String description) {
        Map<String, String> environment = base.environment(scope);
        Secret redisPassword = base.redis().password;
        // the secrets' names, not their values: the function reads them from Secrets Manager when it starts, through
        // the AWS Parameters and Secrets extension (shared's LambdaSecrets)
        environment.put("SCAMSCAN_TOKEN_SECRET_ARN", base.tokenSecret().getSecretArn());
        environment.put("SCAMSCAN_TOKEN_PREVIOUS_SECRET_ARN", base.tokenPreviousSecret().getSecretArn());
        environment.put("SCAMSCAN_REDIS_PASSWORD_ARN", redisPassword.getSecretArn());
        environment.putAll(extra);
        SecurityGroup group = base.securityGroup(scope, name, "ScamScan " + name + " function");
        Function function = Function.Builder.create(scope, name)
                .functionName(base.sizes().prefix() + "-" + name.toLowerCase())
                .runtime(Runtime.JAVA_17).handler(handler)
                .code(Code.fromAsset(fitsLambda(jar)))
                .memorySize(memoryMib).timeout(timeout)
                .reservedConcurrentExecutions(reservedConcurrency)
                .vpc(base.vpc()).vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .securityGroups(List.of(group))
                .environment(environment)
                .logGroup(base.logGroup(scope, name))
                .paramsAndSecrets(ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103))
                .description(description)
                .build();
        for (Secret secret : List.of(base.tokenSecret(), base.tokenPreviousSecret(), redisPassword)) {
            secret.grantRead(function);
        }
        base.alarms().alarm(scope, name + "Errors", function.metricErrors(), 5, "the " + name + " function failed more than 5 times in 5 minutes");
        base.alarms().alarm(scope, name + "Throttles", function.metricThrottles(), 0,
                "the " + name + " function hit its reserved concurrency (" + reservedConcurrency + ")");
        return function;
    }

    /**
     * {@code jar}, if Lambda can unpack it beside its layers; otherwise the synth fails here rather than the deployment
     * (CloudFormation would report "Unzipped size must be smaller than 262144000 bytes" after creating the rest).
     */
    static String fitsLambda(String jar) {
        long unpacked = 0;
        try (ZipFile zip = new ZipFile(jar)) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                unpacked += Math.max(0, entries.nextElement().getSize());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the function's code " + jar + " (./mvnw -pl infra -am package packages it)", e);
        }
        if (unpacked > UNPACKED_LIMIT - LAYER_RESERVE) {
            throw new IllegalArgumentException("the function's code " + jar + " unpacks to " + unpacked / 1_000_000 + " MB; Lambda takes "
                    + (UNPACKED_LIMIT - LAYER_RESERVE) / 1_000_000 + " MB beside its layers (scan-api: the -lambda.jar, docs/deploy.md)");
        }
        return jar;
    }
}
