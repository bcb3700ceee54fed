package com.scamscan.apigateway;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;

/**
 * The PostToConnection client for the stage in {@code scamscan.apigateway.endpoint}, signed with the default
 * credentials: the SDK's asynchronous client on Netty, at most {@code post-threads} posts in flight (one pooled HTTP
 * connection each); further posts wait for a connection of the pool, not on a thread.
 */
@Factory
class ManagementApiFactory {

    /** How long a post may wait for one of the pool's connections (a frame waiting longer is retried, then given up). */
    static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);
    /** Posts that may wait for a connection: above any budget cap (each connection has at most one post pending). */
    static final int MAX_WAITING = 100_000;

    @Singleton
    @Bean(preDestroy = "close")
    @Primary // micronaut-aws-sdk-v2 offers one too, without the stage's endpoint
    ApiGatewayManagementApiAsyncClient managementApi(ApiGatewaySettings settings) {
        if (settings.endpoint().isBlank()) {
            throw new IllegalStateException(ApiGatewaySettings.PREFIX + ".endpoint (SCAMSCAN_APIGATEWAY_ENDPOINT) must name the "
                    + "stage's management API, https://API_ID.execute-api.REGION.amazonaws.com/STAGE");
        }
        return client(settings.endpoint(), settings.postThreads());
    }

    /** The asynchronous client for {@code endpoint}, at most {@code maxConcurrency} posts in flight. */
    static ApiGatewayManagementApiAsyncClient client(String endpoint, int maxConcurrency) {
        return ApiGatewayManagementApiAsyncClient.builder()
                .endpointOverride(URI.create(endpoint))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(maxConcurrency)
                        .maxPendingConnectionAcquires(MAX_WAITING)
                        .connectionAcquisitionTimeout(ACQUIRE_TIMEOUT))
                .build();
    }
}
