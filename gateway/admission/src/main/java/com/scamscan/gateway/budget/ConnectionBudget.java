package com.scamscan.gateway.budget;

import com.scamscan.redis.RedisNames;
import com.scamscan.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet-wide cap on WebSocket connections (100 by default), exact under concurrent connects on any number of
 * gateway instances and self-healing when an instance crashes.
 *
 * <p>Each instance keeps its count in one Redis hash and a lease in a sorted set. Admission is one Lua script:
 * drop the instances whose lease ended (and their counts), renew this instance's lease, sum the counts, and
 * increment this instance's count only if the sum is below the cap: one round trip, no race between instances.
 * The relay's sweep renews the lease and resets the count to the connections this instance really holds, so a
 * lost release heals itself; a crashed instance's slots return when its lease ends. Counts never go below zero.
 *
 * <p><b>A lost lease.</b> When this instance's lease is gone at an admission or renewal, its count went with it: the
 * lease lapsed (the process was frozen, or cut off from Redis, for longer than the lease) and its slots may have gone
 * to others, or Redis lost its data. Either way the script counts the connections this instance really holds again,
 * against the caps, and answers how many are over them; this instance sheds that many (the newest, closed with 1013)
 * before its count stands. If the lease should still have run by this instance's own clock, Redis lost the
 * fleet's counts, and nobody can know what the other instances hold until they renewed: the script sets a recovery
 * marker for one lease TTL, during which every admission is refused while every live instance restores its count.
 *
 * <p>When Redis cannot answer, admission fails closed: the connection is refused (1011), and counted.
 */
@Singleton
public class ConnectionBudget {

    /** Why a connection was refused. */
    public enum Refusal { FLEET_FULL, INSTANCE_FULL, RECOVERING, REDIS_UNAVAILABLE }

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionBudget.class);
    private static final RedisScript ADMIT = RedisScript.fromResource(ConnectionBudget.class, "admit.lua");
    private static final RedisScript RELEASE = RedisScript.fromResource(ConnectionBudget.class, "release.lua");
    private static final RedisScript RENEW = RedisScript.fromResource(ConnectionBudget.class, "renew.lua");
    private static final RedisScript LEAVE = RedisScript.fromResource(ConnectionBudget.class, "leave.lua");

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisNames names;
    private final BudgetSettings settings;
    private final String instanceId;
    private final boolean leaveOnShutdown;
    private final BudgetGate gate;
    /** Connections this instance holds or is admitting: never below what Redis counts for it. */
    private final AtomicInteger held = new AtomicInteger();
    /** Until when ({@link System#nanoTime()}) this instance's last renewal keeps its lease, by its own clock. */
    private final AtomicLong leaseRunsUntil = new AtomicLong();
    private volatile boolean renewedOnce;
    private volatile boolean left;
    /** Closes this many of the connections this instance holds (the relay's newest), when its lease was lost. */
    private volatile IntConsumer shedder = n -> LOG.warn("budget: {} connection(s) over the cap, but nothing here to close", n);
    private final Counter admitted;
    private final Counter fleetFull;
    private final Counter instanceFull;
    private final Counter recovering;
    private final Counter shedConnections;
    private final Counter redisUnavailable;

    public ConnectionBudget(RedisClusterAsyncCommands<String, String> redis, RedisNames names, BudgetSettings settings,
                            BudgetIdentity identity, MeterRegistry meters, @Nullable BudgetGate gate) {
        this.redis = redis;
        this.names = names;
        this.settings = settings;
        this.instanceId = identity.instanceId();
        this.leaveOnShutdown = identity.leaveOnShutdown();
        this.gate = gate == null ? () -> true : gate;
        this.admitted = meters.counter("scamscan.gateway.budget.admitted");
        this.fleetFull = meters.counter("scamscan.gateway.budget.rejected", "reason", "fleet_full");
        this.instanceFull = meters.counter("scamscan.gateway.budget.rejected", "reason", "instance_full");
        this.redisUnavailable = meters.counter("scamscan.gateway.budget.rejected", "reason", "redis_unavailable");
        this.recovering = meters.counter("scamscan.gateway.budget.rejected", "reason", "recovering");
        this.shedConnections = meters.counter("scamscan.gateway.budget.shed");
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
     * Who closes connections when this instance holds more than the caps allow after its lease was lost: the relay,
     * which closes its newest clients with 1013.
     */
    public void onExcess(IntConsumer shedder) {
        this.shedder = shedder;
    }

    /**
     * Asks for one slot.
     *
     * @return completes with empty when admitted (the caller must {@link #release} it once), or with the refusal;
     *         never fails: an unreachable Redis is the refusal {@code REDIS_UNAVAILABLE}
     */
    public CompletionStage<java.util.Optional<Refusal>> admit() {
        return admit(null, false, null).handle((answer, failure) -> {
            if (failure != null) {
                LOG.warn("budget: Redis unavailable, refusing the connection (fail closed): {}", failure.toString());
                return java.util.Optional.of(Refusal.REDIS_UNAVAILABLE);
            }
            return java.util.Optional.ofNullable(answer.refusal());
        });
    }

    /**
     * What one admission script run answered (see {@code admit.lua}).
     *
     * @param limitedForMillis over the connect limit: how long until its window ends (0: not limited)
     * @param counted only counted against the connect limit, as asked: nothing else happened
     * @param refusal the budget's refusal, or null
     * @param task the task record's fields when it was read and the slot taken; empty when it does not exist (then
     *        no slot was taken); null when it was not read
     */
    public record Answer(long limitedForMillis, boolean counted, @Nullable Refusal refusal,
                         @Nullable java.util.Map<String, String> task) {

        /** Whether a slot was taken (the caller must {@link #release} it once). */
        public boolean admitted() {
            return limitedForMillis == 0 && !counted && refusal == null && (task == null || !task.isEmpty());
        }
    }

    /**
     * Asks for one slot in the same script run that counts the handshake against its address's connect limit
     * (first; over it, nothing else happens) and reads the task record (last; an unknown task takes no slot), so that
     * a handshake costs one round trip. {@code countOnly}: the handshake is refused anyway, it is only counted.
     *
     * @param connectLimit the count to make ({@link com.scamscan.security.RateLimiter#prepare}), null for none;
     *        its key must hash to the budget's slot on a Redis Cluster ({@link RedisNames#rateLimit})
     * @param taskKey the task record to read, null for none (on a Redis Cluster it is in another slot)
     * @return completes with the answer; fails when Redis cannot be reached (nothing was taken then; counted as the
     *         refusal {@code REDIS_UNAVAILABLE} unless only counting)
     */
    public CompletionStage<Answer> admit(@Nullable com.scamscan.security.RateLimiter.Count connectLimit, boolean countOnly,
                                         @Nullable String taskKey) {
        boolean limited = connectLimit != null && connectLimit.asksRedis();
        boolean reserved = !countOnly;
        // reserved before asking, so a concurrent renewal never undercounts this instance
        int others = reserved ? held.incrementAndGet() - 1 : held.get();
        CompletionStage<List<Object>> reply;
        try {
            String[] keys = {names.budgetCounts(), names.budgetLeases(), names.budgetRecovery(),
                    limited ? connectLimit.key() : names.budgetCounts(), taskKey != null ? taskKey : names.budgetCounts()};
            reply = left && !countOnly ? CompletableFuture.failedFuture(new IllegalStateException("this instance left the fleet"))
                    : ADMIT.execute(redis, ScriptOutputType.MULTI, keys,
                    instanceId, Long.toString(settings.leaseTtl().toMillis()), Integer.toString(settings.cap()),
                    Integer.toString(settings.instanceCap()), Integer.toString(others), leaseShouldRun(),
                    limited ? connectLimit.limitArgument() : "0", limited ? connectLimit.windowArgument() : "0",
                    countOnly ? "1" : "0", taskKey != null ? "1" : "0");
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((answer, failure) -> {
            if (failure != null) {
                if (reserved) {
                    held.decrementAndGet();
                    redisUnavailable.increment(); // fails closed: the caller refuses (1011)
                }
                throw failure instanceof java.util.concurrent.CompletionException c ? c
                        : new java.util.concurrent.CompletionException(failure);
            }
            Object kind = answer.get(0);
            if ("limited".equals(kind)) {
                if (reserved) {
                    held.decrementAndGet();
                }
                return new Answer(Math.max(1, (Long) answer.get(1)), false, null, null);
            }
            if ("counted".equals(kind)) {
                return new Answer(0, true, null, null);
            }
            long outcome = (Long) kind;
            if (outcome == 1L) {
                admitted.increment();
                shed((Long) answer.get(2));
                return new Answer(0, false, null, taskKey == null ? null : fields(answer.get(3)));
            }
            held.decrementAndGet();
            if (outcome == 2L) {
                shed((Long) answer.get(2));
                return new Answer(0, false, null, java.util.Map.of()); // unknown task: no slot taken
            }
            shed((Long) answer.get(3));
            Refusal refusal = switch (String.valueOf(answer.get(2))) {
                case "fleet" -> Refusal.FLEET_FULL;
                case "recovering" -> Refusal.RECOVERING;
                default -> Refusal.INSTANCE_FULL;
            };
            (switch (refusal) {
                case FLEET_FULL -> fleetFull;
                case RECOVERING -> recovering;
                default -> instanceFull;
            }).increment();
            return new Answer(0, false, refusal, null);
        });
    }

    /** A hash's fields as a script returned them ({@code HGETALL}: field, value, field, value, ...). */
    private static java.util.Map<String, String> fields(Object flat) {
        List<?> list = (List<?>) flat;
        java.util.Map<String, String> fields = new java.util.HashMap<>(list.size());
        for (int i = 0; i + 1 < list.size(); i += 2) {
            fields.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
        }
        return fields;
    }

    /**
     * Takes over a slot that was admitted under this instance's id by another process (the API Gateway
     * {@code $connect} function): counted here from now on, so renewals keep it; the handle gives it back once.
     */
    public BudgetSlot adopt() {
        held.incrementAndGet();
        return new BudgetSlot(this::release);
    }

    /** Gives an admitted connection's slot back. Best effort: if Redis is down, the next renewal corrects the count. */
    public void release() {
        held.updateAndGet(n -> Math.max(0, n - 1));
        try {
            RELEASE.execute(redis, ScriptOutputType.INTEGER, keys(), instanceId)
                    .exceptionally(e -> {
                        LOG.info("budget: release not recorded, the next renewal corrects it: {}", e.toString());
                        return null;
                    });
        } catch (RuntimeException e) {
            LOG.info("budget: release not recorded, the next renewal corrects it: {}", e.toString());
        }
    }

    /**
     * Renews this instance's lease and resets its count to the connections it holds; if the lease was lost, re-admits
     * them against the caps and sheds the excess. Called every {@code renew-interval}; skipped while a {@link BudgetGate}
     * says this process is not counting.
     *
     * @return completes when Redis answered (or did not: a failed renewal is logged, and the lease may lapse)
     */
    public CompletionStage<Void> renew() {
        if (left || !gate.counting()) {
            return CompletableFuture.completedFuture(null);
        }
        long sentAt = System.nanoTime();
        CompletionStage<Long> reply;
        try {
            reply = RENEW.execute(redis, ScriptOutputType.INTEGER, keys(), instanceId,
                    Long.toString(settings.leaseTtl().toMillis()), Integer.toString(held.get()),
                    Integer.toString(settings.cap()), Integer.toString(settings.instanceCap()), leaseShouldRun());
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((excess, failure) -> {
            if (failure != null) {
                LOG.info("budget: lease renewal failed: {}", failure.toString());
                return null;
            }
            leaseRunsUntil.set(sentAt + settings.leaseTtl().toNanos()); // renewals are answered in order
            renewedOnce = true;
            shed(excess);
            return null;
        });
    }

    /** Leaves the fleet on shutdown, so this instance's slots come back at once instead of after the lease. */
    @PreDestroy
    public void leave() {
        if (!leaveOnShutdown || !gate.counting()) {
            return;
        }
        left = true; // a renewal after this would take the missing lease for lost data
        try {
            LEAVE.execute(redis, ScriptOutputType.INTEGER, keys(), instanceId)
                    .toCompletableFuture().get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.info("budget: could not leave the fleet, the lease will lapse: {}", e.toString());
        }
    }

    private String[] keys() {
        return new String[]{names.budgetCounts(), names.budgetLeases(), names.budgetRecovery()};
    }

    /**
     * {@code 1} when this instance's last renewal, by its own monotonic clock, keeps its lease running now: a
     * lease missing then means Redis lost the fleet's counts rather than that it lapsed. Only renewals count (an
     * admission extends the lease too, but a process that only admits, the API Gateway function, relays nothing).
     */
    private String leaseShouldRun() {
        return renewedOnce && System.nanoTime() - leaseRunsUntil.get() < 0 ? "1" : "0";
    }

    private void shed(Long excess) {
        if (excess == null || excess <= 0) {
            return;
        }
        LOG.warn("budget: this instance's lease was lost and it holds {} connection(s) over the cap; closing them (1013)",
                excess);
        shedConnections.increment(excess);
        shedder.accept(excess.intValue());
    }
}
