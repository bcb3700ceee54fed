package com.scamscan.gateway.relay;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.progress.CloseCode;
import com.scamscan.redis.task.TaskRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's policies over time, run every {@code sweep-interval}: closes clients without progress (4408), drops
 * clients that stopped answering pings (1001), detaches sessions that closed under a race, retries failed
 * catch-ups, and closes every client of a task with 1011 once its channel has had no live subscription for longer
 * than {@code redis-down-timeout}.
 * After this process could not run for more than half the client timeout (stopped, its VM paused: {@link Pauses}),
 * no client is judged by the pings it could not be sent: each gets a full client timeout from then on to answer one.
 *
 * <p>Runs on one thread at a time (the scheduler's fixed delay); its own state is touched by the sweep only.
 */
@Singleton
final class RelaySweep {

    private static final Logger LOG = LoggerFactory.getLogger(RelaySweep.class);

    private final GatewaySettings settings;
    private final Clock clock;
    private final WorkerCheck workers;
    private final Subscriptions subscriptions;
    /** Sweeps that came late because this process could not run. */
    private final Pauses pauses;
    /** Tasks whose channel has had no live subscription since when. */
    private final Map<String, Instant> unservedSince = new HashMap<>();
    /** Pongs count from here at the earliest: when this process last ran again after a pause. */
    private Instant answerPingsFrom = Instant.MIN;

    /** Whether a task is still in scan-api's hands: {@link TaskRegistry#awaitsWorker} in the gateway. */
    @FunctionalInterface
    interface WorkerCheck {
        CompletionStage<Boolean> awaitsWorker(String taskId);
    }

    @Inject
    RelaySweep(GatewaySettings settings, Clock clock, TaskRegistry registry, Subscriptions subscriptions) {
        this(settings, clock, registry::awaitsWorker, subscriptions);
    }

    RelaySweep(GatewaySettings settings, Clock clock, WorkerCheck workers, Subscriptions subscriptions) {
        this.settings = settings;
        this.clock = clock;
        this.workers = workers;
        this.subscriptions = subscriptions;
        this.pauses = new Pauses(settings.sweepInterval(), settings.clientTimeout().dividedBy(2), System::nanoTime);
    }

    /** One sweep over this instance's client streams. */
    synchronized void run(Collection<ClientStream> streams) {
        Instant now = clock.instant();
        Duration paused = pauses.sinceLastLook();
        if (!paused.isZero()) {
            answerPingsFrom = now;
            LOG.warn("this gateway could not run for {}; its {} client(s) get {} from now to answer a ping", paused,
                    streams.size(), settings.clientTimeout());
        }
        subscriptions.maintain();
        boolean wasServing = unservedSince.isEmpty();
        Set<String> unserved = new HashSet<>();
        for (ClientStream stream : streams) {
            check(stream, now, unserved);
        }
        unservedSince.keySet().retainAll(unserved);
        if (wasServing && !unserved.isEmpty()) {
            LOG.warn("Redis pub/sub connection lost; clients of {} task(s) wait for it (bound {})", unserved.size(),
                    settings.redisDownTimeout());
        }
    }

    private void check(ClientStream stream, Instant now, Set<String> unserved) {
        boolean redisUp = subscriptions.serves(stream.taskId);
        boolean redisGone = false;
        if (!redisUp) {
            unserved.add(stream.taskId);
            Instant since = unservedSince.computeIfAbsent(stream.taskId, id -> now);
            redisGone = elapsed(since, now).compareTo(settings.redisDownTimeout()) >= 0;
        }
        Liveness liveness = stream.liveness;
        if (!stream.link.isOpen()) {
            stream.gone(null);
        } else if (redisGone) {
            stream.close(CloseCode.REDIS_UNAVAILABLE, "Redis unavailable, reconnect later");
        } else if (elapsed(liveness.lastProgressAt(), now).compareTo(settings.noProgressTimeout()) >= 0) {
            noProgress(stream);
        } else if (elapsed(later(liveness.lastPongAt(), answerPingsFrom), now).compareTo(settings.clientTimeout()) >= 0) {
            LOG.info("{} answered no ping for {}, dropping it", stream, settings.clientTimeout());
            stream.drop(CloseCode.GOING_AWAY);
        } else if (redisUp) {
            stream.retryFailedCatchUp();
        }
    }

    /**
     * No task event for {@code no-progress-timeout}: a task still in scan-api's hands (its scan stream entry waiting
     * for a worker, or pending with one, which another worker takes over should it be dead) will go on, so its timer
     * restarts; any other is presumed failed (4408).
     * One look-up per client at a time; when Redis cannot answer, the next sweep asks again.
     */
    private void noProgress(ClientStream stream) {
        Liveness liveness = stream.liveness;
        if (!liveness.startAsking()) {
            return;
        }
        Instant asked = clock.instant();
        CompletionStage<Boolean> waiting;
        try {
            waiting = workers.awaitsWorker(stream.taskId);
        } catch (RuntimeException e) {
            waiting = CompletableFuture.failedFuture(e);
        }
        waiting.whenComplete((alive, failure) -> {
            if (failure != null) {
                LOG.warn("task {}: Redis unavailable while checking a task without progress: {}", stream.taskId,
                        failure.toString());
            } else if (alive) {
                liveness.progressAssumedAt(asked);
            } else if (elapsed(liveness.lastProgressAt(), clock.instant()).compareTo(settings.noProgressTimeout()) >= 0) {
                stream.close(CloseCode.NO_PROGRESS, "No progress for " + settings.noProgressTimeout().toSeconds()
                        + " s: task presumed failed");
            }
            liveness.doneAsking();
        });
    }

    private static Duration elapsed(Instant since, Instant now) {
        return since == null ? Duration.ZERO : Duration.between(since, now);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? null : a.isBefore(b) ? b : a;
    }
}
