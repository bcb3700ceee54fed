package com.scamscan.gateway.relay;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.testing.redis.RedisFixture;

/** The stream contract on a single Redis server (classic pub/sub). */
class ProgressStreamIT extends ProgressStreamContract {

    @Override
    protected Gateway startGateway() {
        return Gateway.start(RedisFixture.shared());
    }
}
