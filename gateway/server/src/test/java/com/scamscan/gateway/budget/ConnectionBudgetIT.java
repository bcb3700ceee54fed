package com.scamscan.gateway.budget;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.redis.RedisNames;
import com.scamscan.testing.client.TestClient;
import com.scamscan.testing.redis.RedisFixture;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet-wide connection cap, with several gateway instances on one Redis of the test's own; on a Redis Cluster in
 * {@link ConnectionBudgetClusterIT}.
 */
class ConnectionBudgetIT {

    private static final String REFUSED = "\\{\"step\":\"failed\",\"message\":\"Too many connections, try again later\","
            + "\"error\":true,\"timestamp\":\"[^\"]+\"}";

    protected RedisFixture redis;
    private final List<Gateway> gateways = new ArrayList<>();

    @BeforeEach
    protected void ownRedis() {
        redis = RedisFixture.startNew();
    }

    @AfterEach
    void stop() {
        gateways.forEach(Gateway::close);
        if (redis != null) {
            redis.close();
        }
    }

    /** Starts one gateway instance on the test's Redis. */
    protected Gateway launch(String... properties) {
        return Gateway.start(redis, properties);
    }

    @Test
    void capHoldsAcrossThreeInstancesUnderThreeHundredSimultaneousConnects() {
        for (int i = 0; i < 3; i++) {
            start("scamscan.gateway.budget.cap", "100");
        }
        String taskId = gateways.get(0).newTask();
        List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            connecting.add(TestClient.connectAsync(gateways.get(i % 3).uri(taskId)));
        }
        List<TestClient> clients = connecting.stream().map(CompletableFuture::join).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> clients.stream().allMatch(c -> c.isClosed() || !c.frames().isEmpty()));
        // a refused client has its error frame and close; an admitted one its greeting, and stays open
        List<TestClient> refused = clients.stream().filter(TestClient::isClosed).toList();
        List<TestClient> admitted = clients.stream().filter(c -> !c.isClosed()).toList();
        assertEquals(100, admitted.size());
        assertEquals(200, refused.size());
        for (TestClient client : refused) {
            assertEquals(1013, client.awaitClose());
            assertTrue(client.frames().get(0).matches(REFUSED), client.frames().get(0));
        }
        admitted.forEach(c -> assertTrue(c.frames().get(0).contains("\"step\":\"connected\"")));
        int live = gateways.stream().mapToInt(g -> g.relay().connections()).sum();
        assertEquals(100, live);
        assertEquals(100, countedInRedis());
        assertTrue(gateways.stream().allMatch(g -> g.relay().connections() > 0), "every instance admitted some");
        double rejected = gateways.stream().mapToDouble(g -> g.context.getBean(MeterRegistry.class)
                .counter("scamscan.gateway.budget.rejected", "reason", "fleet_full").count()).sum();
        assertEquals(200.0, rejected);
        admitted.forEach(TestClient::close);
        await().until(() -> countedInRedis() == 0);
    }

    @Test
    void closingClientsFreesTheirSlotsAtOnce() {
        Gateway gateway = start("scamscan.gateway.budget.cap", "3");
        String taskId = gateway.newTask();
        List<TestClient> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            first.add(gateway.connect(taskId).awaitFrames(1));
        }
        assertEquals(1013, gateway.connect(taskId).awaitClose());
        first.get(0).close();
        first.get(1).abort(); // gone without a close frame: freed all the same
        await().until(() -> countedInRedis() == 1);
        TestClient again = gateway.connect(taskId).awaitFrames(1);
        TestClient andAgain = gateway.connect(taskId).awaitFrames(1);
        assertTrue(!again.isClosed() && !andAgain.isClosed());
        assertEquals(1013, gateway.connect(taskId).awaitClose());
        assertEquals(3, countedInRedis());
    }

    /** Admission takes a slot before the task is looked up; a task that turns out not to exist gives it back. */
    @Test
    void aConnectionRefusedAfterAdmissionGivesItsSlotBack() {
        Gateway gateway = start("scamscan.gateway.budget.cap", "1");
        ConnectionBudget budget = gateway.context.getBean(ConnectionBudget.class);
        for (int i = 0; i < 3; i++) { // each is admitted under the cap of one, then refused: 1013 if a slot leaked
            assertEquals(4404, gateway.connect("no-such-task-" + i).awaitClose());
        }
        await().until(() -> budget.held() == 0 && countedInRedis() == 0);
        TestClient admitted = gateway.connect(gateway.newTask()).awaitFrames(1);
        assertTrue(!admitted.isClosed(), "the one slot is free again");
    }

    @Test
    void perInstanceCapLimitsOneInstanceButNotTheOthers() {
        Gateway small = start("scamscan.gateway.budget.cap", "10", "scamscan.gateway.budget.instance-cap", "2");
        Gateway other = start("scamscan.gateway.budget.cap", "10");
        String taskId = small.newTask();
        small.connect(taskId).awaitFrames(1);
        small.connect(taskId).awaitFrames(1);
        assertEquals(1013, small.connect(taskId).awaitClose());
        assertTrue(!other.connect(taskId).awaitFrames(1).isClosed());
        assertEquals(1.0, small.context.getBean(MeterRegistry.class)
                .counter("scamscan.gateway.budget.rejected", "reason", "instance_full").count());
    }

    @Test
    void crashedInstanceSlotsComeBackWithinItsLeaseTtl() {
        Gateway gateway = start("scamscan.gateway.budget.cap", "5", "scamscan.gateway.budget.lease-ttl", "1s",
                "scamscan.gateway.budget.renew-interval", "200ms", "scamscan.gateway.client-timeout", "1s");
        String taskId = gateway.newTask();
        // what a crashed instance leaves: its count, and a lease nobody renews any more
        RedisNames names = gateway.context.getBean(RedisNames.class);
        List<String> time = gateway.inspect.sync().time();
        long serverNow = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        gateway.inspect.sync().hset(names.budgetCounts(), "crashed-instance", "5");
        gateway.inspect.sync().zadd(names.budgetLeases(), serverNow + 1000, "crashed-instance");

        assertEquals(1013, gateway.connect(taskId).awaitClose(), "its slots still count while its lease runs");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            TestClient client = gateway.connect(taskId);
            client.awaitFrames(1);
            return !client.frames().get(0).contains("\"error\":true");
        });
        assertEquals(null, gateway.inspect.sync().hget(names.budgetCounts(), "crashed-instance"));
        assertEquals(null, gateway.inspect.sync().zscore(names.budgetLeases(), "crashed-instance"));
    }

    @Test
    void countsNeverGoNegativeAndDriftHeals() {
        Gateway gateway = start("scamscan.gateway.budget.cap", "5", "scamscan.gateway.budget.renew-interval", "100ms");
        ConnectionBudget budget = gateway.context.getBean(ConnectionBudget.class);
        RedisNames names = gateway.context.getBean(RedisNames.class);
        String taskId = gateway.newTask();
        gateway.connect(taskId).awaitFrames(1);
        await().until(() -> "1".equals(gateway.inspect.sync().hget(names.budgetCounts(), budget.instanceId())));

        gateway.inspect.sync().hset(names.budgetCounts(), budget.instanceId(), "-7"); // drift, whatever caused it
        await().until(() -> "1".equals(gateway.inspect.sync().hget(names.budgetCounts(), budget.instanceId())));
        gateway.inspect.sync().hset(names.budgetCounts(), budget.instanceId(), "0");
        budget.release(); // a release more than was admitted
        await().until(() -> budget.held() == 0);
        assertEquals("0", gateway.inspect.sync().hget(names.budgetCounts(), budget.instanceId()));
    }

    @Test
    void redisDownAtAdmissionFailsClosedAndIsCounted() {
        Assumptions.assumeTrue(redis != null && redis.controllable(),
                "a single Redis of the test's own (not REDIS_URL, not the shared cluster) is stopped here");
        Gateway gateway = start("scamscan.gateway.redis-down-timeout", "1h");
        String taskId = gateway.newTask();
        redis.stop();
        assertEquals(1011, gateway.connect(taskId).awaitClose());
        assertEquals(1.0, gateway.context.getBean(MeterRegistry.class)
                .counter("scamscan.gateway.budget.rejected", "reason", "redis_unavailable").count());
        assertEquals(0, gateway.context.getBean(ConnectionBudget.class).held());
    }

    @Test
    void stoppedInstanceGivesItsSlotsBackAtOnce() {
        Gateway leaving = start("scamscan.gateway.budget.cap", "2");
        Gateway staying = start("scamscan.gateway.budget.cap", "2");
        String taskId = leaving.newTask();
        leaving.connect(taskId).awaitFrames(1);
        leaving.connect(taskId).awaitFrames(1);
        assertEquals(1013, staying.connect(taskId).awaitClose());
        leaving.context.close();
        assertTrue(!staying.connect(taskId).awaitFrames(1).isClosed());
    }

    /**
     * Redis restarted without its data ({@code SHUTDOWN NOSAVE}) while one gateway holds the whole
     * cap; its clients stay (the restart is well within {@code redis-down-timeout}). Its count went with the data,
     * so until its next renewal every other instance admitted as if nobody held anything.
     */
    @Test
    void capHoldsWhenRedisRestartsWithoutItsData() {
        Assumptions.assumeTrue(redis != null && redis.controllable(),
                "a single Redis of the test's own (not REDIS_URL, not the shared cluster) is shut down here");
        String[] settings = {"scamscan.gateway.budget.cap", "4", "scamscan.gateway.budget.lease-ttl", "8s",
                "scamscan.gateway.budget.renew-interval", "4s", "scamscan.gateway.client-timeout", "8s",
                "scamscan.gateway.heartbeat-interval", "200ms", "scamscan.gateway.redis-down-timeout", "1h"};
        Gateway full = start(settings);
        Gateway other = start(settings);
        RedisNames names = full.context.getBean(RedisNames.class);
        String fullId = full.context.getBean(ConnectionBudget.class).instanceId();
        String taskId = full.newTask();
        List<TestClient> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(full.connect(taskId).awaitFrames(1));
        }
        await().until(() -> countedInRedis() == 4);
        assertEquals(1013, other.connect(taskId).awaitClose());

        // right after a renewal of the full instance, so that its next one comes well after the restart
        Double lease = full.inspect.sync().zscore(names.budgetLeases(), fullId);
        await().pollInterval(Duration.ofMillis(5)).until(() -> !lease.equals(full.inspect.sync().zscore(names.budgetLeases(), fullId)));
        io.lettuce.core.RedisClient admin = io.lettuce.core.RedisClient.create(redis.uri());
        try (var connection = admin.connect()) {
            connection.sync().shutdown(false); // SHUTDOWN NOSAVE: everything in Redis is gone
        } catch (RuntimeException e) {
            // the server closes the connection as it exits
        } finally {
            admin.shutdown();
        }
        await().until(() -> !redis.isUp());
        redis.start();
        String again = other.newTask(); // the task went with the data, too

        // once the instance is connected again (1011 until then), new clients are refused: the cap is held
        List<TestClient> admitted = new ArrayList<>();
        int[] code = new int[1];
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            code[0] = outcome(other, again, admitted);
            return code[0] != 1011;
        });
        assertEquals(1013, code[0], "admitted over the cap after Redis lost its data");
        // the full instance too, once its own connection is back (it reconnects on its own schedule: 1011 until then)
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            code[0] = outcome(full, again, admitted);
            return code[0] != 1011;
        });
        assertEquals(1013, code[0]);
        assertTrue(held.stream().noneMatch(TestClient::isClosed), "the held clients stay");
        assertEquals(1.0, other.context.getBean(MeterRegistry.class)
                .counter("scamscan.gateway.budget.rejected", "reason", "recovering").count());

        // the full instance restored its count from the clients it really holds; the recovery ends after one lease
        await().atMost(Duration.ofSeconds(20)).until(() -> countedInRedis() == 4
                && other.inspect.sync().exists(names.budgetRecovery()) == 0);
        assertEquals(1013, other.connect(again).awaitClose());
        assertEquals(4, full.relay().connections());
        held.get(0).close();
        await().until(() -> countedInRedis() == 3);
        assertTrue(!other.connect(again).awaitFrames(1).frames().get(0).contains("\"error\":true"), "a freed slot is taken");
        assertTrue(admitted.isEmpty());
    }

    /**
     * A frozen instance (this instance's side; the frozen process itself is {@code FrozenGatewayIT} in system-tests):
     * an instance whose lease was lost while others took its slots counts its clients again only against the cap,
     * closing the newest over it with an error frame and 1013.
     */
    @Test
    void anInstanceWhoseLeaseWasLostShedsItsNewestClientsOverTheCap() {
        Gateway gateway = start("scamscan.gateway.budget.cap", "4", "scamscan.gateway.budget.lease-ttl", "2s",
                "scamscan.gateway.budget.renew-interval", "100ms", "scamscan.gateway.client-timeout", "2s",
                "scamscan.gateway.heartbeat-interval", "200ms");
        ConnectionBudget budget = gateway.context.getBean(ConnectionBudget.class);
        RedisNames names = gateway.context.getBean(RedisNames.class);
        String taskId = gateway.newTask();
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(gateway.connect(taskId).awaitFrames(1));
        }
        await().until(() -> countedInRedis() == 3);
        // what the others did while this instance's lease was gone: dropped its lease and count, took 3 slots
        List<String> time = gateway.inspect.sync().time();
        long serverNow = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        // in one step: a renewal between the parts would see a free budget, re-admit all three and keep a new lease
        gateway.inspect.sync().eval("redis.call('ZREM', KEYS[1], ARGV[1]) redis.call('HDEL', KEYS[2], ARGV[1]) "
                + "redis.call('HSET', KEYS[2], 'other-instance', '3') redis.call('ZADD', KEYS[1], ARGV[2], 'other-instance') "
                + "return 'OK'", ScriptOutputType.STATUS, new String[]{names.budgetLeases(), names.budgetCounts()},
                budget.instanceId(), Long.toString(serverNow + 60_000));

        assertEquals(1013, clients.get(2).awaitClose());
        assertEquals(1013, clients.get(1).awaitClose());
        for (TestClient shed : clients.subList(1, 3)) {
            String last = shed.frames().get(shed.frames().size() - 1);
            assertTrue(last.matches(REFUSED), last);
        }
        assertTrue(!clients.get(0).isClosed(), "the oldest client stays");
        await().until(() -> "1".equals(gateway.inspect.sync().hget(names.budgetCounts(), budget.instanceId())));
        assertEquals(1, gateway.relay().connections());
        assertEquals(2.0, gateway.context.getBean(MeterRegistry.class).counter("scamscan.gateway.budget.shed").count());
    }

    @Test
    void clientTimeoutLongerThanTheLeaseIsRefusedAtStartup() {
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> start("scamscan.gateway.client-timeout", "90s", "scamscan.gateway.budget.lease-ttl", "45s"));
        String message = causes(refused);
        assertTrue(message.contains("scamscan.gateway.client-timeout (90s) must not exceed "
                + "scamscan.gateway.budget.lease-ttl (45s)"), message);
        Exception renewal = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> start("scamscan.gateway.budget.renew-interval", "45s"));
        assertTrue(causes(renewal).contains("scamscan.gateway.budget.renew-interval (45s) must be positive and below "
                + "scamscan.gateway.budget.lease-ttl (45s)"), causes(renewal));
    }

    private static String causes(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    /** Connects one client: 0 when it was greeted (and added to {@code admitted}), else its close code. */
    private static int outcome(Gateway gateway, String taskId, List<TestClient> admitted) {
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        if (client.frames().get(0).contains("\"step\":\"connected\"")) {
            admitted.add(client);
            return 0;
        }
        return client.awaitClose();
    }

    private Gateway start(String... properties) {
        Gateway gateway = launch(properties);
        gateways.add(gateway);
        return gateway;
    }

    private long countedInRedis() {
        RedisNames names = gateways.get(0).context.getBean(RedisNames.class);
        return gateways.get(0).inspect.sync().hvals(names.budgetCounts()).stream().mapToLong(Long::parseLong).sum();
    }
}
