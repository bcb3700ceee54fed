package com.scamscan.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.redis.RedisClusterFixture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local 3-master cluster the cluster-mode tests will run on : every slot served, sharded pub/sub works. */
class RedisClusterFixtureIT {

    private static RedisClusterFixture cluster;
    private static RedisClusterClient client;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(RedisClusterFixture.redis7().isPresent(),
                "no Redis 7 redis-server and redis-cli on the PATH: cluster tests need sharded pub/sub");
        cluster = RedisClusterFixture.start(3);
        client = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void threeMastersServeEverySlotAndKeysSpreadOverAll() {
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            List<RedisClusterNode> masters = connection.getPartitions().getPartitions().stream()
                    .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM)).toList();
            assertEquals(3, masters.size());
            assertEquals(16384, masters.stream().mapToInt(node -> node.getSlots().size()).sum());
            for (int i = 0; i < 30; i++) {
                connection.sync().set("task:" + i, "x");
            }
            Set<String> holders = masters.stream()
                    .filter(node -> connection.getConnection(node.getNodeId()).sync().dbsize() > 0)
                    .map(RedisClusterNode::getNodeId).collect(Collectors.toSet());
            assertEquals(3, holders.size(), "keys on every master");
        }
    }

    @Test
    void shardedPubSubReachesTheSubscriber() {
        List<String> received = new CopyOnWriteArrayList<>();
        try (StatefulRedisClusterPubSubConnection<String, String> subscriber = client.connectPubSub();
             StatefulRedisClusterConnection<String, String> publisher = client.connect()) {
            subscriber.addListener(new RedisClusterPubSubAdapter<>() {
                @Override
                public void smessage(RedisClusterNode node, String channel, String message) {
                    received.add(channel + "=" + message);
                }
            });
            subscriber.sync().ssubscribe("agent_progress:{t1}");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                publisher.sync().spublish("agent_progress:{t1}", "hello");
                assertTrue(received.contains("agent_progress:{t1}=hello"), received.toString());
            });
        }
    }
}
