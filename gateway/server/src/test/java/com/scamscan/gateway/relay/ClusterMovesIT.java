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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A stream on a Redis Cluster survives what a cluster does to a subscription: its connection to a master killed, its
 * slot moved to another master, and its master killed (SIGKILL) so that the replica takes over. Each time the gateway
 * subscribes again where the channel now lives and catches up from history, so the client gets every event once, in
 * order. The cluster is this class's own (three masters with a replica each: slots move, a node dies).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterMovesIT {

    private static RedisClusterFixture cluster;
    private static Gateway gateway;

    /** A task whose client has its greeting and the first two events. */
    private record Stream(String taskId, String channel, TestClient client, List<String> published) {
    }

    @BeforeAll
    static void start() {
        assumeTrue(RedisClusterFixture.redis7().isPresent(), RedisClusterFixture.NO_REDIS_7);
        cluster = RedisClusterFixture.start(3, 1);
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
    @Order(1)
    void aKilledSubscriberConnectionIsReplacedAndNothingPublishedMeanwhileIsLost() {
        Stream stream = streaming();
        RedisClusterCommands<String, String> owner = gateway.node(gateway.ownerOf(stream.channel()));
        assertEquals(1L, owner.clientKill(KillArgs.Builder.typePubsub()), "the gateway's one connection to that master");
        stream.published().add(gateway.publish(stream.taskId(), Step.EXA_SEARCH, 50));
        stream.published().add(gateway.complete(stream.taskId()));
        assertEquals(0L, gateway.numsub(stream.taskId()), "the rest, the verdict too, was published while nobody was subscribed");

        assertEquals(1000, stream.client().awaitClose()); // only history has them: read when the channel is subscribed again
        assertEquals(stream.published(), stream.client().events(), "every event once, in order");
    }

    @Test
    @Order(2)
    void aStreamFollowsItsSlotToAnotherMaster() {
        Stream stream = streaming();
        RedisClusterNode from = gateway.ownerOf(stream.channel());
        RedisClusterNode to = gateway.masters().stream().filter(n -> !n.getNodeId().equals(from.getNodeId()))
                .findFirst().orElseThrow();
        moveSlot(SlotHash.getSlot(stream.channel()), from, to);
        gateway.refreshSlots();
        assertNotEquals(from.getNodeId(), gateway.ownerOf(stream.channel()).getNodeId());

        stream.published().add(gateway.publish(stream.taskId(), Step.EXA_SEARCH, 50)); // the test's publisher follows MOVED
        stream.published().add(gateway.complete(stream.taskId()));
        assertEquals(0L, gateway.numsub(stream.taskId()), "published at the new master before the gateway subscribed there");

        assertEquals(1000, stream.client().awaitClose());
        assertEquals(stream.published(), stream.client().events(), "every event once, in order");
        assertEquals(0L, gateway.node(from).pubsubShardNumsub(stream.channel()).get(stream.channel()),
                "nothing left at the old master");
    }

    @Test
    @Order(3) // last: a node stays dead
    void aStreamGoesOnAtTheReplicaThatTookOverFromAKilledMaster() {
        Stream stream = streaming();
        RedisClusterNode dead = gateway.ownerOf(stream.channel());
        // replication is asynchronous: what the master acknowledged but had not passed on is lost with it, as with
        // any Redis failover; WAIT makes "reached history" mean "reached the replica" for this test
        assertEquals(1L, gateway.node(dead).waitForReplication(1, 5000));
        cluster.kill(dead.getUri().getPort());

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            gateway.refreshSlots();
            RedisClusterNode now = gateway.ownerOf(stream.channel());
            return now != null && !now.getNodeId().equals(dead.getNodeId());
        });
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> stream.published().add(gateway.publish(stream.taskId(), Step.EXA_SEARCH, 50)));
        stream.published().add(gateway.publish(stream.taskId(), Step.DOMAIN_REPUTATION, 65));
        stream.published().add(gateway.complete(stream.taskId()));

        assertEquals(1000, stream.client().awaitClose());
        assertEquals(stream.published(), stream.client().events(), "every event once, in order");
        assertEquals(0L, gateway.numsub(stream.taskId()));
    }

    private static Stream streaming() {
        String taskId = gateway.newTask();
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        List<String> published = new ArrayList<>();
        published.add(gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10));
        published.add(gateway.publish(taskId, Step.SCAM_DB, 30));
        client.awaitFrames(3);
        return new Stream(taskId, channel(taskId), client, published);
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
