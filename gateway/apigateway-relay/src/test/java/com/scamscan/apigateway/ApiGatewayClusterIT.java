package com.scamscan.apigateway;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.scamscan.redis.RedisConnections;
import com.scamscan.redis.RedisNames;
import com.scamscan.testing.redis.RedisClusterFixture;
import java.util.Map;

/**
 * The API Gateway WebSocket path on the shared local Redis Cluster: connection records spread over the masters and
 * found again by a scan of every master, announcements in classic pub/sub, progress in sharded pub/sub.
 */
class ApiGatewayClusterIT extends ApiGatewayContract {

    @Override
    protected Map<String, Object> redisProperties() {
        assumeTrue(RedisClusterFixture.redis7().isPresent(), RedisClusterFixture.NO_REDIS_7);
        return Map.of("redis.uris", String.join(",", RedisClusterFixture.shared().uris()));
    }

    @Override
    protected void clean(RedisConnections.Connection<String> redis, RedisNames names) {
        redis.sync().del(names.budgetCounts(), names.budgetLeases()); // what other tests' instances left
        redis.sync().keys("apigw_connection:*").forEach(key -> redis.sync().del(key));
    }
}
