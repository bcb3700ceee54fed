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
                "scamscan.gateway.budget.renew-interval", "200ms");
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
