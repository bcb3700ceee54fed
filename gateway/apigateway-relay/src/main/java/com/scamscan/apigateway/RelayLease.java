package com.scamscan.apigateway;

import com.scamscan.gateway.budget.BudgetGate;
import com.scamscan.redis.RedisConnections;
import com.scamscan.redis.RedisNames;
import com.scamscan.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay services' leader lease in Redis ({@link RedisNames#apiGatewayRelayLeader()}, a string holding the
 * leader's id with a TTL of {@code scamscan.apigateway.leader-lease}): only the leader attaches connections and posts,
 * so two relays never post the same frame; the others wait as standbys and try to take the lease every third of its
 * length. The leader renews it as often; a leader that cannot renew stops leading before the lease could have run out
 * (so that a standby taking it over never posts beside it), and one that stops hands its connections over and ends the
 * lease at once. Only the leader keeps the budget of the relays' shared identity ({@link BudgetGate}).
 */
@Singleton
public class RelayLease implements BudgetGate {

    private static final Logger LOG = LoggerFactory.getLogger(RelayLease.class);
    private static final RedisScript RENEW = RedisScript.fromResource(RelayLease.class, "lease-renew.lua");
    private static final RedisScript RELEASE = RedisScript.fromResource(RelayLease.class, "lease-release.lua");

    private final RedisClusterAsyncCommands<String, String> redis;
    private final String key;
    private final String id = UUID.randomUUID().toString();
    private final Duration ttl;
    private final Duration tick;
    /** How long before its lease could run out a leader that cannot renew stops leading. */
    private final Duration margin;
    private final Clock clock;
    private final AtomicBoolean held = new AtomicBoolean();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "relay-lease");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Instant renewedAt = Instant.MIN;
    private Runnable onLead = () -> { };
    private Runnable onLose = () -> { };
    private boolean started;
    private boolean stopped;

    public RelayLease(RedisConnections.Connection<String> connection, RedisNames names, ApiGatewaySettings settings, Clock clock) {
        this.redis = connection.async();
        this.key = names.apiGatewayRelayLeader();
        this.ttl = settings.leaderLease();
        this.tick = ttl.dividedBy(3);
        this.margin = ttl.dividedBy(9);
        this.clock = clock;
        if (tick.isZero() || tick.isNegative()) {
            throw new IllegalArgumentException(ApiGatewaySettings.PREFIX + ".leader-lease must be at least 3ms: " + ttl);
        }
    }

    /**
     * Starts competing for the lease: {@code onLead} runs when this relay becomes the leader, {@code onLose} when it
     * stops being it (both on the lease's thread, one at a time).
     */
    synchronized void start(Runnable onLead, Runnable onLose) {
        if (started) {
            throw new IllegalStateException("started already");
        }
        started = true;
        this.onLead = onLead;
        this.onLose = onLose;
        ticks.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether this relay is the leader: the one that posts. */
    public boolean held() {
        return held.get();
    }

    @Override
    public boolean counting() {
        return held();
    }

    /** When the lease was last taken or renewed (sent), as this relay's clock saw it; for tests. */
    Instant renewedAt() {
        return renewedAt;
    }

    /** This relay's id in the lease, for logs and health. */
    public String id() {
        return id;
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            if (held.get()) {
                // the leader stops a margin before the lease could run out: the wait for Redis's answer ends there too,
                // and the decision is taken on the time after it (taken before it, a wait of a tick could carry a
                // leader past its lease: 1.2 s of leading on a 0.9 s lease, RelayLeaseIT)
                Instant deadline = renewedAt.plus(ttl).minus(margin);
                long wait = Math.max(0, Math.min(tick.toMillis(), Duration.between(now, deadline).toMillis()));
                Long renewed = answer(RENEW.execute(redis, ScriptOutputType.INTEGER, new String[]{key}, id, Long.toString(ttl.toMillis())), wait);
                if (renewed != null && renewed == 1) {
                    renewedAt = now; // sent at now at the earliest: Redis's TTL runs from later
                } else if (renewed != null || !clock.instant().plus(tick).isBefore(deadline)) {
                    // someone else holds it, or Redis has not answered and the next try could not end before the deadline
                    LOG.warn("relay {}: leader lease {}, standing by", id, renewed != null ? "taken over" : "not renewed in time");
                    lose();
                }
            } else {
                String set = answer(redis.set(key, id, SetArgs.Builder.nx().px(ttl.toMillis())));
                if ("OK".equals(set) && held.compareAndSet(false, true)) {
                    renewedAt = now;
                    LOG.info("relay {}: leader, attaching the recorded connections", id);
                    onLead.run();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("relay {}: lease step failed: {}", id, e.toString());
        }
    }

    private void lose() {
        if (held.compareAndSet(true, false)) {
            onLose.run();
        }
    }

    /** The reply, or null when Redis did not answer within a tick. */
    private <T> T answer(CompletionStage<T> reply) {
        return answer(reply, tick.toMillis());
    }

    /** The reply, or null when Redis did not answer within {@code millis}. */
    private <T> T answer(CompletionStage<T> reply, long millis) {
        try {
            return reply.toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            LOG.info("relay {}: lease call failed: {}", id, e.toString());
            return null;
        }
    }

    /**
     * Stops competing; a leader hands over ({@code onLose}: its connections stay open for the next leader) and then
     * ends the lease, so that a standby takes over at its next try instead of when the lease runs out.
     */
    void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        ticks.shutdown();
        try {
            ticks.awaitTermination(tick.toMillis() * 2, TimeUnit.MILLISECONDS); // a step under way finishes first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (held.get()) {
            lose();
            Long released = answer(RELEASE.execute(redis, ScriptOutputType.INTEGER, new String[]{key}, id));
            LOG.info("relay {}: leader lease {}", id, released != null && released == 1 ? "handed on" : "left to run out");
        }
    }
}
