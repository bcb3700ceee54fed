package com.scamscan.infra;

import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.Vpc;

/**
 * The VPC: two zones, {@code natGateways} NAT gateways, an S3 gateway endpoint, and with {@code interfaceEndpoints}
 * the endpoints the tasks need (ECR, logs, Secrets Manager, SSM) so that their traffic to AWS skips the NAT.
 */
final class Network {

    private Network() {
    }

    static Vpc vpc(Stack stack, Sizes sizes) {
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(sizes.natGateways())
                .gatewayEndpoints(Map.of("S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build()))
                .build();
        if (sizes.interfaceEndpoints()) {
            Map.of("EcrApi", InterfaceVpcEndpointAwsService.ECR, "EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER,
                            "Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, "SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
                            "Ssm", InterfaceVpcEndpointAwsService.SSM)
                    .forEach((name, service) -> vpc.addInterfaceEndpoint(name, InterfaceVpcEndpointOptions.builder().service(service).build()));
        }
        return vpc;
    }
}
