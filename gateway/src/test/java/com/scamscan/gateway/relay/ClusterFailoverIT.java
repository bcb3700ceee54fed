package com.scamscan.gateway.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.progress.Step;
import com.scamscan.redis.RedisNames;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.redis.RedisClusterFixture;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A master of a Redis Cluster dies (SIGKILL) mid-stream; its replica takes over its slots. The gateway's clients of
 * tasks on that master wait, the gateway subscribes at the new master, and the stream goes on with every event
 * that reached history. The cluster is this class's own: three masters with a replica each.
 */
class ClusterFailoverIT {

    private static RedisClusterFixture cluster;
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        assumeTrue(RedisClusterFixture.redis7().isPresent(), RedisClusterFixture.NO_REDIS_7);
        cluster = RedisClusterFixture.start(3, 1);
        gateway = Gateway.startOnCluster(cluster, "scamscan.gateway.redis-down-timeout", "1h");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aStreamGoesOnAtTheReplicaThatTookOverFromAKilledMaster() {
        String taskId = gateway.newTask();
        String channel = gateway.context.getBean(RedisNames.class).progressChannel(taskId);
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        List<String> published = new ArrayList<>();
        published.add(gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10));
        published.add(gateway.publish(taskId, Step.SCAM_DB, 30));
        client.awaitFrames(3);

        RedisClusterNode dead = gateway.ownerOf(channel);
        // replication is asynchronous: what the master acknowledged but had not passed on is lost with it, as with
        // any Redis failover; WAIT makes "reached history" mean "reached the replica" for this test
        assertEquals(1L, gateway.node(dead).waitForReplication(1, 5000));
        cluster.kill(dead.getUri().getPort());

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            gateway.refreshSlots();
            RedisClusterNode now = gateway.ownerOf(channel);
            return now != null && !now.getNodeId().equals(dead.getNodeId());
        });
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> published.add(gateway.publish(taskId, Step.EXA_SEARCH, 50)));
        published.add(gateway.publish(taskId, Step.DOMAIN_REPUTATION, 65));
        published.add(gateway.complete(taskId));

        assertEquals(1000, client.awaitClose());
        assertEquals(published, client.events(), "every event once, in order");
        assertEquals(0L, gateway.numsub(taskId));
    }
}
