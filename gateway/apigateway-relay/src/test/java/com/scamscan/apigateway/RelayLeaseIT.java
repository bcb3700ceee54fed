package com.scamscan.apigateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.redis.RedisConnections;
import com.scamscan.redis.RedisNames;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RelayLease} on a real Redis: one leader at a time, a leader that finds the lease taken stops leading at its
 * next renewal, one that cannot renew stops before its lease could have run out, and stopping ends only its own lease.
 */
class RelayLeaseIT {

    private static final Duration LEASE = Duration.ofMillis(900);

    private final RedisNames names = RedisNames.standalone();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private RedisFixture redis;
    private RedisClient client;
    private RedisConnections.Connection<String> inspect;

    @BeforeEach
    void start() {
        redis = RedisFixture.startNew();
        client = RedisClient.create(redis.uri());
        client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2))).build());
        inspect = RedisConnections.Connection.of(client.connect());
    }

    @AfterEach
    void stop() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        if (redis != null) {
            redis.close();
        }
    }

    private RelayLease lease(String name) {
        RelayLease lease = new RelayLease(RedisConnections.Connection.of(client.connect()), names,
                new ApiGatewaySettings("", Duration.ofHours(2), Duration.ZERO, 4, LEASE), Clock.systemUTC());
        lease.start(() -> events.add(name + " leads"), () -> events.add(name + " stands by"));
        return lease;
    }

    @Test
    void oneLeadsTheOtherTakesOverWhenItStopsAndStoppingEndsOnlyItsOwnLease() {
        RelayLease a = lease("a");
        await().atMost(Duration.ofSeconds(5)).until(a::held);
        RelayLease b = lease("b");
        await().atMost(Duration.ofSeconds(5)).until(() -> inspect.sync().pttl(names.apiGatewayRelayLeader()) > 0);
        assertFalse(b.held(), "two leaders");
        assertTrue(a.counting() && !b.counting(), "only the leader keeps the shared budget");
        assertEquals(a.id(), inspect.sync().get(names.apiGatewayRelayLeader()));

        a.stop();
        assertEquals(List.of("a leads", "a stands by"), events, "the hand-over runs before the lease ends");
        await().atMost(Duration.ofSeconds(5)).until(b::held); // within a tick, not when the lease would have run out
        assertEquals(b.id(), inspect.sync().get(names.apiGatewayRelayLeader()));
        a.stop(); // again: nothing, and b's lease stays
        assertEquals(b.id(), inspect.sync().get(names.apiGatewayRelayLeader()));
        b.stop();
        assertEquals(0L, inspect.sync().exists(names.apiGatewayRelayLeader()));
    }

    @Test
    void aLeaderWhoseLeaseWasTakenStopsLeadingAtItsNextRenewal() {
        RelayLease a = lease("a");
        await().atMost(Duration.ofSeconds(5)).until(a::held);
        // another relay holds it now (a's lease ran out while it was paused, say)
        inspect.sync().set(names.apiGatewayRelayLeader(), "someone-else", SetArgs.Builder.px(LEASE.toMillis() * 3));
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.held());
        assertEquals(List.of("a leads", "a stands by"), events);
        assertEquals("someone-else", inspect.sync().get(names.apiGatewayRelayLeader()), "a did not take it back while it was held");
        // once that lease is gone, a leads again
        await().atMost(Duration.ofSeconds(10)).until(a::held);
        a.stop();
    }

    @Test
    void aLeaderThatCannotRenewStopsBeforeItsLeaseCouldRunOut() {
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> lostAt = new java.util.concurrent.atomic.AtomicReference<>();
        RelayLease a = new RelayLease(RedisConnections.Connection.of(client.connect()), names,
                new ApiGatewaySettings("", Duration.ofHours(2), Duration.ZERO, 4, LEASE), Clock.systemUTC());
        a.start(() -> events.add("a leads"), () -> {
            lostAt.set(java.time.Instant.now());
            events.add("a stands by");
        });
        await().atMost(Duration.ofSeconds(5)).until(a::held);
        redis.close(); // Redis goes away: renewals get no answer (Lettuce keeps them while it reconnects)
        redis = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.held());
        // measured from the last renewal Redis may have taken, not from the test's own steps (stopping Redis takes a while)
        long ledFor = Duration.between(a.renewedAt(), lostAt.get()).toMillis();
        assertTrue(ledFor < LEASE.toMillis(), "stopped leading " + ledFor + " ms after its last renewal, lease " + LEASE.toMillis() + " ms");
        assertEquals(List.of("a leads", "a stands by"), events);
        a.stop();
    }
}
