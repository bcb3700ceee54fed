package com.scamscan.gateway.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.progress.Step;
import com.scamscan.redis.RedisNames;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.redis.RedisClusterFixture;
import io.lettuce.core.KillArgs;
import io.lettuce.core.MigrateArgs;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stream on a Redis Cluster survives what a cluster does to a subscription: its connection to a master killed, and
 * its slot moved to another master. Each time the gateway subscribes again where the channel now lives and catches
 * up from history, so the client gets every event once, in order. The cluster is this class's own (slots move).
 */
class ClusterMovesIT {

    private static RedisClusterFixture cluster;
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        assumeTrue(RedisClusterFixture.redis7().isPresent(), RedisClusterFixture.NO_REDIS_7);
        cluster = RedisClusterFixture.start(3);
        // a slow sweep: what is published right after a loss is certainly published while nothing is subscribed
        gateway = Gateway.startOnCluster(cluster, "scamscan.gateway.sweep-interval", "2s",
                "scamscan.gateway.redis-down-timeout", "1h");
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
    void aKilledSubscriberConnectionIsReplacedAndNothingPublishedMeanwhileIsLost() {
        String taskId = gateway.newTask();
        String channel = channel(taskId);
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        List<String> published = new ArrayList<>();
        published.add(gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10));
        client.awaitFrames(2);

        RedisClusterCommands<String, String> owner = gateway.node(gateway.ownerOf(channel));
        assertEquals(1L, owner.clientKill(KillArgs.Builder.typePubsub()), "the gateway's one connection to that master");
        published.add(gateway.publish(taskId, Step.SCAM_DB, 30));
        published.add(gateway.publish(taskId, Step.EXA_SEARCH, 50));
        published.add(gateway.complete(taskId));
        assertEquals(0L, gateway.numsub(taskId), "the rest, the verdict too, was published while nobody was subscribed");

        assertEquals(1000, client.awaitClose()); // only history has them: read when the channel is subscribed again
        assertEquals(published, client.events(), "every event once, in order");
    }

    @Test
    void aStreamFollowsItsSlotToAnotherMaster() {
        String taskId = gateway.newTask();
        String channel = channel(taskId);
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        List<String> published = new ArrayList<>();
        published.add(gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10));
        published.add(gateway.publish(taskId, Step.SCAM_DB, 30));
        client.awaitFrames(3);

        RedisClusterNode from = gateway.ownerOf(channel);
        RedisClusterNode to = gateway.masters().stream().filter(n -> !n.getNodeId().equals(from.getNodeId()))
                .findFirst().orElseThrow();
        moveSlot(SlotHash.getSlot(channel), from, to);
        gateway.refreshSlots();
        assertNotEquals(from.getNodeId(), gateway.ownerOf(channel).getNodeId());

        published.add(gateway.publish(taskId, Step.EXA_SEARCH, 50)); // the test's publisher follows MOVED
        published.add(gateway.complete(taskId));
        assertEquals(0L, gateway.numsub(taskId), "published at the new master before the gateway subscribed there");

        assertEquals(1000, client.awaitClose());
        assertEquals(published, client.events(), "every event once, in order");
        assertEquals(0L, gateway.node(from).pubsubShardNumsub(channel).get(channel), "nothing left at the old master");
    }

    private static String channel(String taskId) {
        return gateway.context.getBean(RedisNames.class).progressChannel(taskId);
    }

    /** Moves one slot and its keys, as {@code redis-cli --cluster reshard} does. */
    private static void moveSlot(int slot, RedisClusterNode from, RedisClusterNode to) {
        RedisClusterCommands<String, String> source = gateway.node(from);
        RedisClusterCommands<String, String> target = gateway.node(to);
        target.clusterSetSlotImporting(slot, from.getNodeId());
        source.clusterSetSlotMigrating(slot, to.getNodeId());
        List<String> keys = source.clusterGetKeysInSlot(slot, 1000);
        if (!keys.isEmpty()) {
            source.migrate(to.getUri().getHost(), to.getUri().getPort(), 0, 5000, MigrateArgs.Builder.keys(keys));
        }
        target.clusterSetSlotNode(slot, to.getNodeId());
        source.clusterSetSlotNode(slot, to.getNodeId());
        for (RedisClusterNode other : gateway.masters()) {
            if (!other.getNodeId().equals(from.getNodeId()) && !other.getNodeId().equals(to.getNodeId())) {
                gateway.node(other).clusterSetSlotNode(slot, to.getNodeId());
            }
        }
    }
}
