package com.scamscan.api.queue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.scamscan.testing.redis.RedisClusterFixture;
import java.util.Map;

/**
 * The queue's rules on a local 3-master Redis Cluster: the stream, its dead letters and the old lists in {@code {scan}},
 * the task record and upload in the task's slot.
 */
class ScanQueueClusterIT extends ScanQueueIT {

    @Override
    protected Map<String, Object> redisProperties() {
        assumeTrue(RedisClusterFixture.redis7().isPresent(), RedisClusterFixture.NO_REDIS_7);
        return Map.of("redis.uris", String.join(",", RedisClusterFixture.shared().uris()));
    }
}
