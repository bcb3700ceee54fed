package com.scamscan.apigateway;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The API Gateway WebSocket deployment.
 *
 * @param endpoint the management API of the stage, {@code https://API_ID.execute-api.REGION.amazonaws.com/STAGE}
 *                 (the relay service posts there)
 * @param connectionTtl how long a connection's record lives in Redis (API Gateway ends connections after 2 h)
 * @param connectGrace how long after {@code $connect} a "gone" answer is taken for a connection not yet open and
 *                     retried (API Gateway accepts posts only once the {@code $connect} function has returned)
 * @param postThreads concurrent posts to the management API (the relay service's HTTP connections to it)
 * @param leaderLease how long the relay services' leader lease lasts without renewal (renewed every third of it): a
 *                    standby takes over at most this long after a leader died, at once after one stopped
 */
@ConfigurationProperties(ApiGatewaySettings.PREFIX)
public record ApiGatewaySettings(
        @Bindable(defaultValue = "") String endpoint,
        @Bindable(defaultValue = "2h") Duration connectionTtl,
        @Bindable(defaultValue = "3s") Duration connectGrace,
        @Bindable(defaultValue = "64") int postThreads,
        @Bindable(defaultValue = "15s") Duration leaderLease) {

    public static final String PREFIX = "scamscan.apigateway";
}
