package com.scamscan.infra;

import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.constructs.Construct;

/**
 * The ECR repositories the apps' images are pushed to with Jib ({@code jib:build}), deployed before anything else:
 * immutable tags, scanned on push, the last {@link #KEPT_IMAGES} images kept. The services run an image by its
 * digest, a stack parameter ({@link #image}), never by a tag that could move.
 */
public class ImagesStack extends Stack {

    static final int KEPT_IMAGES = 30;
    /** The hex part of a sha256 digest (Jib writes the whole {@code sha256:...} to target/jib-image.digest). */
    static final String DIGEST_PATTERN = "^[0-9a-f]{64}$";

    /** Repository names under {@code scamscan-ENV/}: the Maven artifact ids, as Jib names the images. */
    static final String SCAN_API = "scan-api";
    static final String GATEWAY = "gateway";
    static final String RELAY = "apigateway-relay";

    final Repository scanApi;
    final Repository gateway;
    final Repository relay;

    public ImagesStack(Construct scope, String id, StackProps props, Sizes sizes) {
        super(scope, id, props);
        scanApi = repository("ScanApiRepository", sizes.prefix() + "/" + SCAN_API);
        gateway = repository("GatewayRepository", sizes.prefix() + "/" + GATEWAY);
        relay = repository("RelayRepository", sizes.prefix() + "/" + RELAY);
        CfnOutput.Builder.create(this, "JibRegistry")
                .value(Stack.of(this).getAccount() + ".dkr.ecr." + Stack.of(this).getRegion() + ".amazonaws.com/" + sizes.prefix())
                .description("-Dscamscan.image.registry=... for ./mvnw -Dimages jib:build").build();
    }

    private Repository repository(String id, String name) {
        return Repository.Builder.create(this, id).repositoryName(name)
                .imageTagMutability(TagMutability.IMMUTABLE)
                .imageScanOnPush(true)
                .lifecycleRules(List.of(LifecycleRule.builder().description("keep the last " + KEPT_IMAGES + " images")
                        .maxImageCount(KEPT_IMAGES).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /**
     * The image of {@code repository} with the digest given as the stack parameter {@code parameterName} at deploy
     * time ({@code --parameters NAME=HEX}, the hex of target/jib-image.digest): the task pulls exactly what Jib pushed.
     */
    static ContainerImage image(Stack stack, Repository repository, String artifact, String parameterName) {
        CfnParameter digest = CfnParameter.Builder.create(stack, parameterName).type("String")
                .allowedPattern(DIGEST_PATTERN)
                .constraintDescription("the 64 hex digits of the image's sha256 digest (target/jib-image.digest without 'sha256:')")
                .description("sha256 digest (64 hex digits) of the " + artifact + " image pushed by Jib")
                .build();
        return ContainerImage.fromEcrRepository(repository, "sha256:" + digest.getValueAsString());
    }
}
