package com.scamscan.infra;

import software.constructs.Node;

/**
 * The deployment's parameters, read from CDK context ({@code cdk deploy -c gatewayCount=4 ...} or cdk.json), each with
 * a default that deploys a small, working system.
 */
record Sizes(String scanApiImage, String gatewayImage, String relayImage, String lambdaJar, String scanApiJar,
             int scanApiFunctionMemoryMib, int workerCount, int scanApiCount,
             int gatewayMinCount, int gatewayMaxCount, int connectionsPerGateway, int budgetCap, int taskCpu,
             int taskMemoryMib, String redisNodeType, int redisShards, String allowedOrigins, String certificateArn) {

    static Sizes from(Node node) {
        return new Sizes(
                text(node, "scanApiImage", "scamscan/scan-api:0.1.0"),
                text(node, "gatewayImage", "scamscan/gateway:0.1.0"),
                text(node, "relayImage", "scamscan/apigateway-relay:0.1.0"),
                text(node, "lambdaJar", "../apigateway/target/apigateway-0.1.0-SNAPSHOT.jar"),
                text(node, "scanApiJar", "../scan-api/target/scan-api-0.1.0-SNAPSHOT.jar"),
                number(node, "scanApiFunctionMemoryMib", 2048),
                number(node, "workerCount", 2),
                number(node, "scanApiCount", 2),
                number(node, "gatewayMinCount", 2),
                number(node, "gatewayMaxCount", 10),
                number(node, "connectionsPerGateway", 5000),
                number(node, "budgetCap", 20000),
                number(node, "taskCpu", 1024),
                number(node, "taskMemoryMib", 2048),
                text(node, "redisNodeType", "cache.t4g.medium"),
                number(node, "redisShards", 1),
                text(node, "allowedOrigins", "https://scamscan.example"),
                text(node, "certificateArn", ""));
    }

    private static String text(Node node, String key, String fallback) {
        Object value = node.tryGetContext(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    private static int number(Node node, String key, int fallback) {
        Object value = node.tryGetContext(key);
        return value == null ? fallback : Integer.parseInt(value.toString());
    }
}
