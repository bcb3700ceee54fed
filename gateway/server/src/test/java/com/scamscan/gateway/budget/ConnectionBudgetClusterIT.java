package com.scamscan.gateway.budget;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.redis.RedisNames;
import com.scamscan.testing.redis.RedisClusterFixture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.BeforeEach;

/** The fleet-wide cap with every instance on the shared local Redis Cluster: the budget's keys share one slot. */
class ConnectionBudgetClusterIT extends ConnectionBudgetIT {

    @Override
    @BeforeEach
    protected void ownRedis() {
        assumeTrue(RedisClusterFixture.redis7().isPresent(), RedisClusterFixture.NO_REDIS_7);
        RedisClusterFixture cluster = RedisClusterFixture.shared();
        RedisClusterClient client = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            RedisNames names = RedisNames.forCluster();
            connection.sync().del(names.budgetCounts(), names.budgetLeases(), names.budgetRecovery()); // what earlier tests' instances left
        } finally {
            client.shutdown();
        }
    }

    @Override
    protected Gateway launch(String... properties) {
        return Gateway.startOnCluster(RedisClusterFixture.shared(), properties);
    }
}
