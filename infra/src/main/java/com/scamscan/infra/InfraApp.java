package com.scamscan.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * {@code cdk synth} / {@code cdk deploy} entry point (see cdk.json, and {@code infra/synth}): per environment
 * ({@code -c envName=...}) the images stack (ECR), the container stack, and on top of it the API Gateway WebSocket
 * stack and the serverless scan-api stack. Parameters come from context (see {@link Sizes} and docs/deploy.md).
 */
public final class InfraApp {

    static final String CROSS_STACK_REFERENCES = "@aws-cdk/core:defaultCrossStackReferences";

    private InfraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /** The stacks in this app; returned for tests. */
    static Stacks build(App app) {
        // stacks refer to each other's VPC, cluster, secrets and repositories by strong exports: a producer cannot remove
        // what a consumer still uses (the Redis endpoint, which may change, goes through SSM instead)
        if (app.getNode().tryGetContext(CROSS_STACK_REFERENCES) == null) {
            app.getNode().setContext(CROSS_STACK_REFERENCES, "strong");
        }
        Sizes sizes = Sizes.from(app.getNode());
        Environment environment = Environment.builder()
                .account(System.getenv("CDK_DEFAULT_ACCOUNT")).region(System.getenv("CDK_DEFAULT_REGION")).build();
        Tags.of(app).add("project", "scamscan");
        Tags.of(app).add("environment", sizes.envName());
        ImagesStack images = new ImagesStack(app, sizes.stackId("Images"), props(environment, sizes,
                "ScamScan " + sizes.envName() + ": ECR repositories of the apps' images"), sizes);
        ContainerStack containers = new ContainerStack(app, sizes.stackId("Containers"), props(environment, sizes,
                "ScamScan " + sizes.envName() + ": VPC, Redis, scan-api and gateway on Fargate behind an HTTPS ALB"), sizes, images);
        ApiGatewayStack apiGateway = new ApiGatewayStack(app, sizes.stackId("ApiGateway"), props(environment, sizes,
                "ScamScan " + sizes.envName() + ": API Gateway WebSocket API, its function and relay service"), containers, images, sizes);
        ServerlessStack serverless = new ServerlessStack(app, sizes.stackId("Serverless"), props(environment, sizes,
                "ScamScan " + sizes.envName() + ": scan-api on Lambda behind an HTTP API, and the agent's workers"), containers, images, sizes);
        return new Stacks(images, containers, apiGateway, serverless);
    }

    /** Stacks holding data (images, Redis, secrets) cannot be deleted by accident: termination protection. */
    private static StackProps props(Environment environment, Sizes sizes, String description) {
        return StackProps.builder().env(environment).description(description).terminationProtection(true).build();
    }

    record Stacks(ImagesStack images, ContainerStack containers, ApiGatewayStack apiGateway, ServerlessStack serverless) {
    }
}
