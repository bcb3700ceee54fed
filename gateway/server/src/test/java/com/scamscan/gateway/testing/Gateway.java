package com.scamscan.gateway.testing;

import com.scamscan.gateway.relay.ProgressRelay;
import com.scamscan.testing.client.TestClient;
import com.scamscan.progress.Entities;
import com.scamscan.progress.ProgressEvent;
import com.scamscan.redis.progress.ProgressPublisher;
import com.scamscan.redis.progress.ProgressSettings;
import com.scamscan.redis.RedisNames;
import io.micronaut.serde.ObjectMapper;
import com.scamscan.progress.Step;
import com.scamscan.progress.Verdict;
import com.scamscan.progress.VerdictLabel;
import com.scamscan.task.TaskId;
import com.scamscan.redis.task.TaskRegistry;
import com.scamscan.redis.task.TestTasks;
import com.scamscan.testing.redis.RedisFixture;
import com.scamscan.redis.RedisConnections;
import com.scamscan.testing.redis.RedisClusterFixture;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import com.scamscan.security.StreamTokens;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A gateway instance on a free port, on a real Redis server or a local Redis Cluster, with a second Lettuce
 * connection for the test to register tasks, publish with the shared publisher and inspect Redis (routed by slot
 * on a cluster; with Lettuce's default options, so that it queues commands while Redis restarts).
 */
public final class Gateway implements AutoCloseable {

    public final RedisFixture redis;
    public final ApplicationContext context;
    public final EmbeddedServer server;
    public final RedisConnections.Connection<String> inspect;
    private final AbstractRedisClient inspectClient;
    private final StatefulRedisClusterConnection<String, String> clusterInspect;
    private final RedisNames names;

    private Gateway(RedisFixture redis, RedisClusterFixture cluster, ApplicationContext context) {
        this.redis = redis;
        this.context = context;
        this.server = context.getBean(EmbeddedServer.class);
        this.names = context.getBean(RedisNames.class); // also once the context is closed
        if (cluster == null) {
            RedisClient client = RedisClient.create(redis.uri());
            StatefulRedisConnection<String, String> c = client.connect();
            this.inspectClient = client;
            this.inspect = RedisConnections.Connection.of(c);
            this.clusterInspect = null;
        } else {
            RedisClusterClient client = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
            StatefulRedisClusterConnection<String, String> c = client.connect();
            this.inspectClient = client;
            this.inspect = RedisConnections.Connection.of(c);
            this.clusterInspect = c;
        }
    }

    /** Starts a gateway with test-friendly defaults overridden by {@code properties}; a non-null clock replaces the system one. */
    public static Gateway start(RedisFixture redis, Clock clock, String... properties) {
        return start(redis, null, clock == null ? List.of() : List.of(clock), properties);
    }

    /** Starts a gateway with these beans besides its own (e.g. a test's hold on the warm-up) and these properties. */
    public static Gateway startWith(RedisFixture redis, List<Object> singletons, String... properties) {
        return start(redis, null, singletons, properties);
    }

    /** Starts a gateway in cluster mode on the cluster's nodes, with test-friendly defaults overridden by {@code properties}. */
    public static Gateway startOnCluster(RedisClusterFixture cluster, String... properties) {
        return start(null, cluster, List.of(), properties);
    }

    private static Gateway start(RedisFixture redis, RedisClusterFixture cluster, List<Object> singletons, String... properties) {
        Map<String, Object> config = new HashMap<>();
        config.put("micronaut.server.port", -1);
        if (cluster == null) {
            config.put("redis.uri", redis.uri());
        } else {
            config.put("redis.uris", String.join(",", cluster.uris()));
        }
        config.put("redis.reconnect-delay-max", "1s");
        config.put("scamscan.gateway.sweep-interval", "50ms");
        for (int i = 0; i < properties.length; i += 2) {
            config.put(properties[i], properties[i + 1]);
        }
        ApplicationContext context = ApplicationContext.builder().properties(config)
                .singletons(singletons.toArray()).start();
        context.getBean(EmbeddedServer.class).start();
        return new Gateway(redis, cluster, context);
    }

    public static Gateway start(RedisFixture redis, String... properties) {
        return start(redis, null, properties);
    }

    /** The task's stream with a valid token, as scan-api would hand it out. */
    public URI uri(String taskId) {
        return URI.create(uriWithoutToken(taskId) + "?token=" + token(taskId));
    }

    public URI uri(String taskId, long lastSeq) {
        return URI.create(uri(taskId) + "&last_seq=" + lastSeq);
    }

    public URI uriWithoutToken(String taskId) {
        return URI.create("ws://localhost:" + server.getPort() + "/ws/agent-progress/" + taskId);
    }

    /** The task's Server-Sent Events stream with a valid token. */
    public URI sseUri(String taskId) {
        return URI.create("http://localhost:" + server.getPort() + "/sse/agent-progress/" + taskId + "?token=" + token(taskId));
    }

    public String token(String taskId) {
        return context.getBean(StreamTokens.class).issue(taskId);
    }

    public TestClient connect(String taskId) {
        return TestClient.connect(uri(taskId));
    }

    public ProgressRelay relay() {
        return context.getBean(ProgressRelay.class);
    }

    /** A publisher on the test's own connection, as the agent has its own (queues commands while Redis restarts). */
    public ProgressPublisher publisher() {
        return new ProgressPublisher(inspect.async(), context.getBean(RedisNames.class),
                context.getBean(ProgressSettings.class), context.getBean(ObjectMapper.class));
    }

    /** Registers a new task and returns its id. */
    public String newTask() {
        String taskId = TaskId.random();
        new TestTasks(inspect.async(), context.getBean(RedisNames.class), context.getBean(ProgressSettings.class))
                .create(taskId, Instant.now()).toCompletableFuture().join();
        return taskId;
    }

    /** Publishes a tool step through the shared publisher and returns the JSON sent. */
    public String publish(String taskId, Step step, int percent) {
        return publisher().publish(taskId, ProgressEvent.progress(step, step.wireName(), "Running " + step, percent,
                Instant.now())).toCompletableFuture().join().json();
    }

    public String complete(String taskId) {
        Verdict verdict = new Verdict(VerdictLabel.SCAM, 91, List.of("phishing URL"), Entities.none());
        return publisher().publish(taskId, ProgressEvent.completed("reasoning", "Analysis complete!", verdict,
                Instant.now())).toCompletableFuture().join().json();
    }

    /** Removes the task's oldest history entries, keeping the newest {@code keep} (as a capped or expiring history would). */
    public void trimHistory(String taskId, long keep) {
        if (keep == 0) {
            inspect.async().del(names.history(taskId)).toCompletableFuture().join();
        } else {
            inspect.async().xtrim(names.history(taskId), keep).toCompletableFuture().join();
        }
    }

    /** Whether this gateway runs on a Redis Cluster. */
    public boolean onCluster() {
        return clusterInspect != null;
    }

    /** How many subscribers Redis counts on the task's channel (on a cluster: sharded, at the slot's master). */
    public long numsub(String taskId) {
        String channel = names.progressChannel(taskId);
        if (clusterInspect == null) {
            return inspect.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
        }
        return node(ownerOf(channel)).pubsubShardNumsub(channel).getOrDefault(channel, 0L);
    }

    /** The master that owns the slot of a key or channel, as the cluster says now. */
    public RedisClusterNode ownerOf(String keyOrChannel) {
        return clusterInspect.getPartitions().getMasterBySlot(SlotHash.getSlot(keyOrChannel));
    }

    /** The cluster's masters, as the test's view has them. */
    public List<RedisClusterNode> masters() {
        return clusterInspect.getPartitions().stream()
                .filter(n -> n.is(RedisClusterNode.NodeFlag.UPSTREAM)).toList();
    }

    /** Re-reads the cluster's slot map into the test's view (after the test moved a slot). */
    public void refreshSlots() {
        ((RedisClusterClient) inspectClient).refreshPartitions();
    }

    /** Publishes a message as it is on the task's channel, bypassing the publisher ({@code SPUBLISH} on a cluster). */
    public void publishRaw(String taskId, String message) {
        String channel = names.progressChannel(taskId);
        if (clusterInspect == null) {
            inspect.sync().publish(channel, message);
        } else {
            clusterInspect.sync().spublish(channel, message);
        }
    }

    /** Commands to one cluster node. */
    public io.lettuce.core.cluster.api.sync.RedisClusterCommands<String, String> node(RedisClusterNode node) {
        return clusterInspect.getConnection(node.getNodeId()).sync();
    }

    /** Redis's count of connections in pub/sub mode, across all clients; on a cluster, the most on any one node. */
    public long pubSubClients() {
        if (clusterInspect == null) {
            return pubSubClients(inspect.sync().clientList());
        }
        return clusterInspect.getPartitions().stream().mapToLong(n -> pubSubClients(node(n).clientList())).max().orElse(0);
    }

    private static long pubSubClients(String clientList) {
        return clientList.lines().filter(l -> l.matches(".* flags=[A-Za-z]*P[A-Za-z]* .*")).count();
    }

    @Override
    public void close() {
        inspect.close();
        inspectClient.shutdown();
        if (context.isRunning()) {
            context.close();
        }
    }
}
