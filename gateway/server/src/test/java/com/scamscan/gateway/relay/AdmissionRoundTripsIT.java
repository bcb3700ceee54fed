package com.scamscan.gateway.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.progress.Step;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.redis.RedisFixture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a handshake costs Redis, counted by Redis itself ({@code INFO commandstats}, deltas around the handshakes):
 * one script run admits (connect limit, budget slot and, on a single Redis, the task record), then one subscribe and
 * one history read; leaving is one script run and one unsubscribe. On a Redis Cluster in
 * {@link AdmissionRoundTripsClusterIT}, where the task record is in another slot: one more read.
 */
class AdmissionRoundTripsIT {

    private static final int HANDSHAKES = 6;

    protected RedisFixture redis;
    protected Gateway gateway;

    /** A gateway with the connect limit on (the tests' default turns it off) and no budget renewal meanwhile. */
    protected Gateway launch() {
        redis = RedisFixture.startNew();
        return Gateway.start(redis, settings());
    }

    protected static String[] settings() {
        return new String[]{"scamscan.security.rate-limit.connects-per-window", "1000",
                "scamscan.gateway.budget.renew-interval", "1h", "scamscan.gateway.budget.lease-ttl", "2h"};
    }

    /**
     * One handshake and its leaving before counting, so that Redis holds the scripts (a script's first run after a
     * start is answered NOSCRIPT and sent whole: one round trip more, once).
     */
    protected Gateway warm(Gateway started) {
        TestClient client = started.connect(started.newTask()).awaitFrames(1);
        client.close();
        await().until(() -> started.relay().connections() == 0
                && started.context.getBean(com.scamscan.gateway.budget.ConnectionBudget.class).held() == 0);
        await().until(() -> commandsOf(started).get("evalsha") >= 2); // the release ran too
        return started;
    }

    private Map<String, Long> commandsOf(Gateway started) {
        Gateway current = gateway;
        gateway = started;
        try {
            return delta(Map.of(), commands());
        } finally {
            gateway = current;
        }
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aHandshakeIsOneScriptRunThenASubscribeAndAHistoryRead() {
        gateway = warm(launch());
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < HANDSHAKES; i++) {
            String taskId = gateway.newTask();
            gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10);
            tasks.add(taskId);
        }
        Map<String, Long> before = commands();
        List<TestClient> clients = new ArrayList<>();
        for (String taskId : tasks) { // one after another: nothing is batched, each handshake is counted whole
            clients.add(gateway.connect(taskId).awaitFrames(2)); // greeted, and its history replayed
        }
        Map<String, Long> admitted = delta(before, commands());
        assertEquals(HANDSHAKES, admitted.get("evalsha"), "one script run per handshake: " + admitted);
        assertEquals(HANDSHAKES, admitted.get(gateway.onCluster() ? "ssubscribe" : "subscribe"), admitted.toString());
        // one history read after the subscription; at times one more, when the subscription's confirmation reaches
        // a stream that is live already (a harmless catch-up, deduplicated by seq)
        long reads = admitted.get("xrange");
        assertTrue(reads >= HANDSHAKES && reads <= 2 * HANDSHAKES, admitted.toString());
        assertEquals(HANDSHAKES, admitted.get("hgetall"), "one task read (in the script on a single Redis): " + admitted);
        // a single Redis: the script, the subscribe, the history read; a cluster: and the task read in its own slot
        assertEquals((gateway.onCluster() ? 3 : 2) * HANDSHAKES + reads, admitted.get("round-trips"), admitted.toString());

        Map<String, Long> beforeLeaving = commands();
        for (TestClient client : clients) {
            client.close();
        }
        await().until(() -> gateway.relay().connections() == 0 && gateway.relay().subscriptionCount() == 0);
        await().until(() -> {
            Map<String, Long> left = delta(beforeLeaving, commands());
            return left.get("evalsha") == HANDSHAKES
                    && left.get(gateway.onCluster() ? "sunsubscribe" : "unsubscribe") >= 1;
        });
        Map<String, Long> left = delta(beforeLeaving, commands());
        assertEquals(HANDSHAKES, left.get("evalsha"), "one release script per connection: " + left);
        long unsubscribes = left.get(gateway.onCluster() ? "sunsubscribe" : "unsubscribe");
        assertTrue(unsubscribes <= HANDSHAKES, left.toString());
        assertEquals(HANDSHAKES + unsubscribes, left.get("round-trips"), "the release and the unsubscribe: " + left);
    }

    @Test
    void anUnknownTaskTakesNoSlotAndCostsOneScriptRun() {
        gateway = warm(launch());
        Map<String, Long> before = commands();
        assertEquals(4404, gateway.connect("no-such-task").awaitClose());
        // a single Redis: admission read the task and took no slot, so nothing is given back; a cluster: the slot
        // was taken before the task was read in its own slot, and is given back
        await().until(() -> delta(before, commands()).get("evalsha") == (gateway.onCluster() ? 2 : 1));
        Map<String, Long> refused = delta(before, commands());
        assertEquals(gateway.onCluster() ? 3 : 1, refused.get("round-trips"), refused.toString());
        assertEquals(0, refused.get("subscribe") + refused.get("ssubscribe") + refused.get("xrange"), refused.toString());
        assertEquals(0, gateway.context.getBean(com.scamscan.gateway.budget.ConnectionBudget.class).held());
    }

    @Test
    void aClientThatHasAFinishedTasksFinalEventIsNotSubscribed() {
        gateway = warm(launch());
        String taskId = gateway.newTask();
        gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10);
        gateway.complete(taskId);
        Map<String, Long> before = commands();
        TestClient client = TestClient.connect(gateway.uri(taskId, 2));
        assertEquals(1000, client.awaitClose());
        assertTrue(client.frames().get(0).contains("\"step\":\"connected\""), client.frames().toString());
        assertEquals(1, client.frames().size(), client.frames().toString());
        Map<String, Long> cost = delta(before, commands());
        assertEquals(0, cost.get("subscribe") + cost.get("ssubscribe"), "nothing more will come: " + cost);
        await().until(() -> delta(before, commands()).get("evalsha") == 2); // the admission and the release
        Map<String, Long> all = delta(before, commands());
        // the script, the history read (empty: the client has everything), the release; a cluster: the task read
        assertEquals(gateway.onCluster() ? 4 : 3, all.get("round-trips"), all.toString());
    }

    /**
     * Calls per command, summed over the Redis servers (every master of a cluster), counting the commands scripts
     * run too; and as {@code round-trips}, the commands the gateway sends that no script runs (scripts, pub/sub,
     * history reads; on a cluster also the task read, which no script does there), each its own round trip.
     */
    Map<String, Long> commands() {
        Map<String, Long> calls = new HashMap<>();
        if (gateway.onCluster()) {
            gateway.masters().forEach(node -> add(calls, gateway.node(node).info("commandstats")));
        } else {
            add(calls, gateway.inspect.sync().info("commandstats"));
        }
        List<String> topLevel = new ArrayList<>(List.of("evalsha", "eval", "subscribe", "unsubscribe", "ssubscribe",
                "sunsubscribe", "xrange"));
        if (gateway.onCluster()) {
            topLevel.add("hgetall");
        }
        calls.put("round-trips", topLevel.stream().mapToLong(c -> calls.getOrDefault(c, 0L)).sum());
        return calls;
    }

    private static void add(Map<String, Long> calls, String info) {
        for (String line : info.lines().toList()) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                int at = line.indexOf("calls=") + "calls=".length();
                int end = line.indexOf(',', at);
                calls.merge(name, Long.parseLong(line.substring(at, end)), Long::sum);
            }
        }
    }

    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new HashMap<>() {
            @Override
            public Long get(Object key) {
                return getOrDefault(key, 0L);
            }
        };
        after.forEach((name, n) -> delta.put(name, n - before.getOrDefault(name, 0L)));
        return delta;
    }
}
