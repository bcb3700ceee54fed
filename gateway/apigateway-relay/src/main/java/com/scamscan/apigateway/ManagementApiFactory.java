package com.scamscan.apigateway;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;
import java.net.URI;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/** The PostToConnection client for the stage in {@code scamscan.apigateway.endpoint}, signed with the default credentials. */
@Factory
class ManagementApiFactory {

    @Singleton
    @Primary // micronaut-aws-sdk-v2 offers one too, without the stage's endpoint
    ApiGatewayManagementApiClient managementApi(ApiGatewaySettings settings) {
        if (settings.endpoint().isBlank()) {
            throw new IllegalStateException(ApiGatewaySettings.PREFIX + ".endpoint (SCAMSCAN_APIGATEWAY_ENDPOINT) must name the "
                    + "stage's management API, https://API_ID.execute-api.REGION.amazonaws.com/STAGE");
        }
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create(settings.endpoint()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
