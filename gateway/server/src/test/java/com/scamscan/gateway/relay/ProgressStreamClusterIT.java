package com.scamscan.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.redis.RedisNames;
import com.scamscan.testing.redis.RedisClusterFixture;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The stream contract on a local 3-master Redis Cluster (hash-tagged names, sharded pub/sub). */
class ProgressStreamClusterIT extends ProgressStreamContract {

    @Override
    protected Gateway startGateway() {
        assumeTrue(RedisClusterFixture.redis7().isPresent(), RedisClusterFixture.NO_REDIS_7);
        return Gateway.startOnCluster(RedisClusterFixture.shared());
    }

    @Test
    void tasksSpreadOverAllThreeMasters() {
        RedisNames names = gateway.context.getBean(RedisNames.class);
        Set<String> masters = new HashSet<>();
        IntStream.range(0, 30).forEach(i -> masters.add(gateway.ownerOf(names.task(gateway.newTask())).getNodeId()));
        assertEquals(3, masters.size(), "thirty random task ids land on every master");
    }
}
