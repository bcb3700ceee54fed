package com.scamscan.gateway.budget;

import com.scamscan.redis.RedisNames;
import com.scamscan.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet-wide cap on WebSocket connections (story 8.9: 100), exact under concurrent connects on any number of
 * gateway instances and self-healing when an instance crashes.
 *
 * <p>Each instance keeps its count in one Redis hash and a lease in a sorted set. Admission is one Lua script:
 * drop the instances whose lease ended (and their counts), renew this instance's lease, sum the counts, and
 * increment this instance's count only if the sum is below the cap: one round trip, no race between instances.
 * The relay's sweep renews the lease and resets the count to the connections this instance really holds, so a
 * lost release heals itself; a crashed instance's slots return when its lease ends. Counts never go below zero.
 *
 * <p>When Redis cannot answer, admission fails closed: the connection is refused (1011), and counted.
 */
@Singleton
public class ConnectionBudget {

    /** Why a connection was refused. */
    public enum Refusal { FLEET_FULL, INSTANCE_FULL, REDIS_UNAVAILABLE }

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionBudget.class);
    private static final RedisScript ADMIT = RedisScript.fromResource(ConnectionBudget.class, "admit.lua");
    private static final RedisScript RELEASE = RedisScript.fromResource(ConnectionBudget.class, "release.lua");
    private static final RedisScript RENEW = RedisScript.fromResource(ConnectionBudget.class, "renew.lua");
    private static final RedisScript LEAVE = RedisScript.fromResource(ConnectionBudget.class, "leave.lua");

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisNames names;
    private final BudgetSettings settings;
    private final String instanceId;
    /** Connections this instance holds or is admitting: never below what Redis counts for it. */
    private final AtomicInteger held = new AtomicInteger();
    private final Counter admitted;
    private final Counter fleetFull;
    private final Counter instanceFull;
    private final Counter redisUnavailable;

    public ConnectionBudget(RedisClusterAsyncCommands<String, String> redis, RedisNames names, BudgetSettings settings,
                            MeterRegistry meters) {
        this.redis = redis;
        this.names = names;
        this.settings = settings;
        this.instanceId = settings.instanceId().isBlank() ? UUID.randomUUID().toString() : settings.instanceId();
        this.admitted = meters.counter("scamscan.gateway.budget.admitted");
        this.fleetFull = meters.counter("scamscan.gateway.budget.rejected", "reason", "fleet_full");
        this.instanceFull = meters.counter("scamscan.gateway.budget.rejected", "reason", "instance_full");
        this.redisUnavailable = meters.counter("scamscan.gateway.budget.rejected", "reason", "redis_unavailable");
        Gauge.builder("scamscan.gateway.budget.held", held, AtomicInteger::get).register(meters);
    }

    public String instanceId() {
        return instanceId;
    }

    /** Connections this instance holds, as it counts them. */
    public int held() {
        return held.get();
    }

    /**
     * Asks for one slot.
     *
     * @return completes with empty when admitted (the caller must {@link #release} it once), or with the refusal;
     *         never fails: an unreachable Redis is the refusal {@code REDIS_UNAVAILABLE}
     */
    public CompletionStage<java.util.Optional<Refusal>> admit() {
        held.incrementAndGet(); // reserved before asking, so a concurrent renewal never undercounts this instance
        CompletionStage<List<Object>> reply;
        try {
            reply = ADMIT.execute(redis, ScriptOutputType.MULTI, new String[]{names.budgetCounts(), names.budgetLeases()},
                    instanceId, Long.toString(settings.leaseTtl().toMillis()), Integer.toString(settings.cap()),
                    Integer.toString(settings.instanceCap()));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((answer, failure) -> {
            if (failure != null) {
                held.decrementAndGet();
                redisUnavailable.increment();
                LOG.warn("budget: Redis unavailable, refusing the connection (fail closed): {}", failure.toString());
                return java.util.Optional.of(Refusal.REDIS_UNAVAILABLE);
            }
            if (((Long) answer.get(0)) == 1L) {
                admitted.increment();
                return java.util.Optional.empty();
            }
            held.decrementAndGet();
            boolean fleet = "fleet".equals(String.valueOf(answer.get(2)));
            (fleet ? fleetFull : instanceFull).increment();
            return java.util.Optional.of(fleet ? Refusal.FLEET_FULL : Refusal.INSTANCE_FULL);
        });
    }

    /**
     * Takes over a slot that was admitted under this instance's id by another process (the API Gateway
     * {@code $connect} function): counted here from now on, so renewals keep it, and {@link #release}d once.
     */
    public void adopt() {
        held.incrementAndGet();
    }

    /** Gives an admitted connection's slot back. Best effort: if Redis is down, the next renewal corrects the count. */
    public void release() {
        held.updateAndGet(n -> Math.max(0, n - 1));
        try {
            RELEASE.execute(redis, ScriptOutputType.INTEGER, new String[]{names.budgetCounts(), names.budgetLeases()}, instanceId)
                    .exceptionally(e -> {
                        LOG.info("budget: release not recorded, the next renewal corrects it: {}", e.toString());
                        return null;
                    });
        } catch (RuntimeException e) {
            LOG.info("budget: release not recorded, the next renewal corrects it: {}", e.toString());
        }
    }

    /** Renews this instance's lease and resets its count to the connections it holds. Called by the sweep. */
    public void renew() {
        try {
            RENEW.execute(redis, ScriptOutputType.INTEGER, new String[]{names.budgetCounts(), names.budgetLeases()},
                    instanceId, Long.toString(settings.leaseTtl().toMillis()), Integer.toString(held.get()))
                    .exceptionally(e -> {
                        LOG.info("budget: lease renewal failed: {}", e.toString());
                        return null;
                    });
        } catch (RuntimeException e) {
            LOG.info("budget: lease renewal failed: {}", e.toString());
        }
    }

    /** Leaves the fleet on shutdown, so this instance's slots come back at once instead of after the lease. */
    @PreDestroy
    public void leave() {
        if (!settings.leaveOnShutdown()) {
            return;
        }
        try {
            LEAVE.execute(redis, ScriptOutputType.INTEGER, new String[]{names.budgetCounts(), names.budgetLeases()}, instanceId)
                    .toCompletableFuture().get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.info("budget: could not leave the fleet, the lease will lapse: {}", e.toString());
        }
    }
}
