package com.scamscan.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * {@code cdk synth} / {@code cdk deploy} entry point (see cdk.json): the container stack, and on top of it the API
 * Gateway WebSocket stack and the serverless scan-api stack. Parameters come from context (see {@link Sizes}).
 */
public final class InfraApp {

    private InfraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /** The stacks in this app; returned for tests. */
    static Stacks build(App app) {
        Sizes sizes = Sizes.from(app.getNode());
        Environment environment = Environment.builder()
                .account(System.getenv("CDK_DEFAULT_ACCOUNT")).region(System.getenv("CDK_DEFAULT_REGION")).build();
        ContainerStack containers = new ContainerStack(app, "ScamScanContainers",
                StackProps.builder().env(environment).description("ScamScan: VPC, Redis, scan-api and gateway on Fargate behind an ALB").build(), sizes);
        ApiGatewayStack apiGateway = new ApiGatewayStack(app, "ScamScanApiGateway",
                StackProps.builder().env(environment).description("ScamScan: API Gateway WebSocket API, its function and relay service").build(),
                containers, sizes);
        ServerlessStack serverless = new ServerlessStack(app, "ScamScanServerless",
                StackProps.builder().env(environment).description("ScamScan: scan-api on Lambda behind an HTTP API, and the agent's workers")
                        .build(), containers, sizes);
        return new Stacks(containers, apiGateway, serverless);
    }

    record Stacks(ContainerStack containers, ApiGatewayStack apiGateway, ServerlessStack serverless) {
    }
}
