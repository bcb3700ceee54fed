package com.scamscan.apigateway;

import com.scamscan.testing.redis.RedisFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The API Gateway WebSocket path on a single Redis server of the test's own. */
class ApiGatewayIT extends ApiGatewayContract {

    private RedisFixture redis;

    @Override
    protected Map<String, Object> redisProperties() {
        redis = RedisFixture.startNew();
        return Map.of("redis.uri", redis.uri());
    }

    @AfterAll
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }
}
