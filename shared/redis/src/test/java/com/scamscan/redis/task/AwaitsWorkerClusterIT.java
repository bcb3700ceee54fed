package com.scamscan.redis.task;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.scamscan.testing.SharedRedis;
import com.scamscan.testing.redis.RedisClusterFixture;

/** {@link TaskRegistry#awaitsWorker} on a local 3-master Redis Cluster: the stream in {@code {scan}}, the record in the task's slot. */
class AwaitsWorkerClusterIT extends AwaitsWorkerIT {

    @Override
    protected SharedRedis connect() {
        assumeTrue(RedisClusterFixture.redis7().isPresent(), RedisClusterFixture.NO_REDIS_7);
        return new SharedRedis(RedisClusterFixture.shared());
    }
}
