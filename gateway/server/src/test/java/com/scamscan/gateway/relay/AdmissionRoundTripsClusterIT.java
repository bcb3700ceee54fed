package com.scamscan.gateway.relay;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.testing.redis.RedisClusterFixture;

/**
 * What a handshake costs on the shared local Redis Cluster: the task record is in the task's slot, the connect
 * counter and the budget in {@code {gateway_budget}}, so admission is one script run and one task read.
 */
class AdmissionRoundTripsClusterIT extends AdmissionRoundTripsIT {

    @Override
    protected Gateway launch() {
        assumeTrue(RedisClusterFixture.redis7().isPresent(), RedisClusterFixture.NO_REDIS_7);
        return Gateway.startOnCluster(RedisClusterFixture.shared(), settings());
    }
}
