package com.scamscan.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.constructs.Node;

/**
 * The deployment's parameters, read from CDK context ({@code cdk deploy -c envName=staging ...}, {@code infra/synth
 * -c ...} or cdk.json). Every key, its default and what it costs is listed in docs/deploy.md. Related values are
 * checked together here, so that a bad combination fails the synth with a message instead of a broken deployment.
 *
 * <p>What the default sizes rest on (docs/deploy.md, "Sizes: measured and estimated"; measured on a shared 2-core
 * machine, not on Fargate):
 * <ul>
 *   <li>{@code gatewayCpu}/{@code gatewayMemoryMib} 512/1024 with {@code connectionsPerGateway} 5000: <b>memory
 *       measured</b>, 371 MB RSS with 5,000 open streams at -Xmx537m (the task's heap), 358 MB with 1,000 streams at
 *       4,300 events/s; <b>CPU measured only roughly</b>, about 0.2 core for 3,000-4,000 events/s, not on Fargate.</li>
 *   <li>{@code scanApiCpu}/{@code scanApiMemoryMib} and {@code workerCpu}/{@code workerMemoryMib} 1024/2048:
 *       <b>memory measured</b> for the sample screenshots, 422 MB peak RSS after 100 scans at -Xmx1024m, 34 MB of
 *       heap live after a full GC; the rest of the 2 GiB is <b>estimated</b> headroom for the largest uploads (10 MiB
 *       files decoded to full-size pixel buffers). <b>CPU estimated</b>: a sample scan took 0.2-0.4 s of one core
 *       locally; OCR time grows with the image.</li>
 *   <li>{@code relayCpu}/{@code relayMemoryMib} 1024/2048: <b>memory measured idle</b> only (202 MB RSS); under load
 *       <b>estimated</b> like the gateway's (the same relay core) plus SigV4 signing of every post.</li>
 *   <li>{@code redisNodeType}, {@code scanApiFunctionMemoryMib}, {@code workerMaxCount}: <b>estimated</b>.</li>
 * </ul>
 *
 * @param envName         the environment (stage) name: stack names, resource names, tags, ECR repositories and SSM
 *                        parameters carry it, so several environments live in one account
 * @param domainName      the site's name (https://domainName for the page and the API, wss://domainName for streams)
 * @param hostedZoneId    the Route 53 hosted zone that holds domainName (certificate validation and the alias record)
 * @param hostedZoneName  that zone's name (domainName or a parent of it)
 */
record Sizes(String envName, String domainName, String hostedZoneId, String hostedZoneName, String allowedOrigins,
             String lambdaJar, String scanApiJar, int scanApiFunctionMemoryMib,
             int scanApiCount, int scanApiCpu, int scanApiMemoryMib,
             int workerMinCount, int workerMaxCount, int workerCpu, int workerMemoryMib,
             int gatewayMinCount, int connectionsPerGateway, int budgetCap, int gatewayCpu, int gatewayMemoryMib,
             int relayCpu, int relayMemoryMib,
             String redisNodeType, int redisShards, int redisSnapshotDays,
             int natGateways, boolean interfaceEndpoints, int logRetentionDays,
             int wafRequestsPer5Minutes, int apiRatePerSecond, int apiBurst,
             int scanApiReservedConcurrency, int connectionsReservedConcurrency, String alarmEmail,
             String cloudWatchAgentImage) {

    /**
     * Peak RSS (MB) measured with each app's task heap (see above and docs/deploy.md): the default container sizes
     * keep at least {@link #MEASURED_HEADROOM} times this.
     */
    static final Map<String, Integer> MEASURED_RSS_MB = Map.of("Gateway", 371, "ScanApi", 422, "ScanWorker", 422, "Relay", 202);
    static final double MEASURED_HEADROOM = 1.5;

    /** Keys of earlier versions that now mean something else or nothing: refused instead of silently ignored. */
    static final Map<String, String> REMOVED = Map.of(
            "scanApiImage", "images come from the ECR repositories of the images stack, by digest (docs/deploy.md)",
            "gatewayImage", "images come from the ECR repositories of the images stack, by digest (docs/deploy.md)",
            "relayImage", "images come from the ECR repositories of the images stack, by digest (docs/deploy.md)",
            "certificateArn", "the stack issues its own ACM certificate for domainName",
            "taskCpu", "set scanApiCpu, gatewayCpu, workerCpu, relayCpu",
            "taskMemoryMib", "set scanApiMemoryMib, gatewayMemoryMib, workerMemoryMib, relayMemoryMib",
            "gatewayMaxCount", "derived: ceil(budgetCap / connectionsPerGateway)",
            "workerCount", "set workerMinCount and workerMaxCount");

    /** The repository's root: the synth profile sets it; tests run in infra/. */
    private static final String ROOT = System.getProperty("scamscan.root", "..");
    private static final Pattern ENV_NAME = Pattern.compile("[a-z][a-z0-9]{0,11}");
    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    static Sizes from(Node node) {
        for (Map.Entry<String, String> removed : REMOVED.entrySet()) {
            if (node.tryGetContext(removed.getKey()) != null) {
                throw new IllegalArgumentException("context " + removed.getKey() + " is no longer read: " + removed.getValue());
            }
        }
        String domain = required(node, "domainName");
        Sizes sizes = new Sizes(
                text(node, "envName", "prod"),
                domain,
                required(node, "hostedZoneId"),
                text(node, "hostedZoneName", domain),
                text(node, "allowedOrigins", "https://" + domain),
                text(node, "lambdaJar", ROOT + "/gateway/apigateway-function/target/apigateway-function-0.1.0-SNAPSHOT.jar"),
                // the jar without the language models the lexicons do not use: the whole one is too large for Lambda
                text(node, "scanApiJar", ROOT + "/scan-api/target/scan-api-0.1.0-SNAPSHOT-lambda.jar"),
                number(node, "scanApiFunctionMemoryMib", 2048),
                number(node, "scanApiCount", 2),
                number(node, "scanApiCpu", 1024),
                number(node, "scanApiMemoryMib", 2048),
                number(node, "workerMinCount", 2),
                number(node, "workerMaxCount", 8),
                number(node, "workerCpu", 1024),
                number(node, "workerMemoryMib", 2048),
                number(node, "gatewayMinCount", 2),
                number(node, "connectionsPerGateway", 5000),
                number(node, "budgetCap", 20000),
                number(node, "gatewayCpu", 512),
                number(node, "gatewayMemoryMib", 1024),
                number(node, "relayCpu", 1024),
                number(node, "relayMemoryMib", 2048),
                text(node, "redisNodeType", "cache.t4g.medium"),
                number(node, "redisShards", 1),
                number(node, "redisSnapshotDays", 7),
                number(node, "natGateways", 2),
                bool(node, "interfaceEndpoints", false),
                number(node, "logRetentionDays", 30),
                number(node, "wafRequestsPer5Minutes", 1000),
                number(node, "apiRatePerSecond", 50),
                number(node, "apiBurst", 100),
                number(node, "scanApiReservedConcurrency", 50),
                number(node, "connectionsReservedConcurrency", 100),
                text(node, "alarmEmail", ""),
                text(node, "cloudWatchAgentImage", "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300062.0b1304"));
        sizes.check();
        return sizes;
    }

    /** Gateways the fleet-wide budget can use: a gateway beyond budgetCap / connectionsPerGateway would hold nothing. */
    int gatewayMaxCount() {
        return (budgetCap + connectionsPerGateway - 1) / connectionsPerGateway;
    }

    /** The prefix of every resource name of this environment, e.g. {@code scamscan-prod}. */
    String prefix() {
        return "scamscan-" + envName;
    }

    /** A stack id of this environment, e.g. {@code ScamScan-prod-Containers}. */
    String stackId(String part) {
        return "ScamScan-" + envName + "-" + part;
    }

    private void check() {
        List<String> problems = new ArrayList<>();
        if (!ENV_NAME.matcher(envName).matches()) {
            problems.add("envName must be 1-12 of a-z0-9, starting with a letter: " + envName);
        }
        if (!DOMAIN.matcher(domainName).matches()) {
            problems.add("domainName is not a lower-case DNS name: " + domainName);
        }
        if (!domainName.equals(hostedZoneName) && !domainName.endsWith("." + hostedZoneName)) {
            problems.add("domainName " + domainName + " is not in the hosted zone " + hostedZoneName);
        }
        for (String origin : allowedOrigins.split(",")) {
            if (!origin.startsWith("https://")) {
                problems.add("allowedOrigins: only https:// origins can open wss:// streams: " + origin);
            }
        }
        if (connectionsPerGateway < 1 || budgetCap < 1) {
            problems.add("connectionsPerGateway and budgetCap must be positive");
        } else if (gatewayMinCount < 1 || gatewayMinCount > gatewayMaxCount()) {
            problems.add("gatewayMinCount " + gatewayMinCount + " must be 1.." + gatewayMaxCount()
                    + " (budgetCap / connectionsPerGateway, rounded up: more gateways would hold no connection)");
        }
        if (workerMinCount < 1 || workerMinCount > workerMaxCount) {
            problems.add("workerMinCount must be 1..workerMaxCount");
        }
        if (scanApiCount < 1) {
            problems.add("scanApiCount must be at least 1");
        }
        if (redisShards < 1 || redisSnapshotDays < 1 || redisSnapshotDays > 35) {
            problems.add("redisShards must be positive and redisSnapshotDays 1..35");
        }
        if (natGateways < 1 || natGateways > 2) {
            problems.add("natGateways must be 1 or 2 (one per availability zone)");
        }
        if (wafRequestsPer5Minutes < 10) {
            problems.add("wafRequestsPer5Minutes must be at least 10 (WAF's minimum)");
        }
        if (apiRatePerSecond < 1 || apiBurst < apiRatePerSecond) {
            problems.add("apiRatePerSecond must be positive and apiBurst at least apiRatePerSecond");
        }
        if (cloudWatchAgentImage.endsWith(":latest") || !cloudWatchAgentImage.matches(".+(:[\\w.-]+|@sha256:[0-9a-f]{64})")) {
            problems.add("cloudWatchAgentImage must name a version or a digest, not latest: " + cloudWatchAgentImage);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("infra context: " + String.join("; ", problems));
        }
    }

    private static String required(Node node, String key) {
        Object value = node.tryGetContext(key);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("context " + key + " is required: -c domainName=scamscan.example.com"
                    + " -c hostedZoneId=Z0123456789ABCDEFGHIJ (docs/deploy.md)");
        }
        return value.toString();
    }

    private static String text(Node node, String key, String fallback) {
        Object value = node.tryGetContext(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    private static int number(Node node, String key, int fallback) {
        Object value = node.tryGetContext(key);
        try {
            return value == null ? fallback : Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context " + key + " is not a whole number: " + value, e);
        }
    }

    private static boolean bool(Node node, String key, boolean fallback) {
        Object value = node.tryGetContext(key);
        return value == null ? fallback : Boolean.parseBoolean(value.toString());
    }
}
