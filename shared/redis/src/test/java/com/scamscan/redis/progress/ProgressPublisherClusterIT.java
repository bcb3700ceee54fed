package com.scamscan.redis.progress;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.scamscan.testing.SharedRedis;
import com.scamscan.testing.redis.RedisClusterFixture;

/** The publisher on a local 3-master Redis Cluster: one script in the task's slot, {@code SPUBLISH}. */
class ProgressPublisherClusterIT extends ProgressPublisherContract {

    @Override
    protected SharedRedis connect() {
        assumeTrue(RedisClusterFixture.redis7().isPresent(), RedisClusterFixture.NO_REDIS_7);
        return new SharedRedis(RedisClusterFixture.shared());
    }
}
