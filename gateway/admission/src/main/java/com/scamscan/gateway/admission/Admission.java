package com.scamscan.gateway.admission;

import com.scamscan.gateway.budget.BudgetSlot;
import com.scamscan.gateway.budget.ConnectionBudget;
import com.scamscan.progress.CloseCode;
import com.scamscan.redis.RedisNames;
import com.scamscan.security.ClientAddress;
import com.scamscan.security.RateLimiter;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may open a stream, in one order for every way in (the gateway's own WebSocket handshake and the API Gateway
 * {@code $connect} function): task id and {@code last_seq}, stream token, origin (none of these asks Redis, and
 * their refusals stand when Redis is down), the address's connect limit, which every handshake counts against
 * and which wins over the refusals before it (4429: an address cannot try tokens faster than its limit), then a
 * slot of the fleet-wide budget. Everything that asks Redis is one script run ({@code admit.lua}, see
 * {@link ConnectionBudget#admit(RateLimiter.Count, boolean, String)}): the connect limit, the budget slot and, on a
 * single Redis, the task record (on a Redis Cluster the record is in the task's slot, and the caller reads it).
 * An admitted caller holds the slot through {@link Admitted}, which gives it back when closed unless the caller
 * {@link Admitted#keep kept} it (handed it to the client's stream, or to the relay service). Refusals are not logged
 * here (a client decides how many there are); they are counted by close code by the caller (the relay's metrics).
 */
@Singleton
public class Admission {

    /** How a handshake ended. */
    public sealed interface Outcome permits Admitted, Refused {
    }

    /**
     * Passed, holding a budget slot; the stream resumes after {@code lastSeq}. {@code task} is the task record's
     * fields when admission read it (on a single Redis), empty when the task does not exist (then no slot is held:
     * the caller refuses with 4404), and null when it was not read (on a Redis Cluster: the caller looks it up). Closing it gives the slot back unless
     * it was kept: use it in a try-with-resources (or close it on every failure path) and {@link #keep} it once the
     * connection is established.
     */
    public record Admitted(long lastSeq, BudgetSlot slot, @Nullable Map<String, String> task) implements Outcome, AutoCloseable {

        /** Admitted without the task read (the caller looks it up). */
        public Admitted(long lastSeq, BudgetSlot slot) {
            this(lastSeq, slot, null);
        }

        /** Whether the task record was read with the admission and does not exist (then no slot was taken). */
        public boolean unknownTask() {
            return task != null && task.isEmpty();
        }

        /** The connection is established: the slot stays taken, and its new owner gives it back ({@link BudgetSlot#release}). */
        public BudgetSlot keep() {
            return slot.keep();
        }

        /** Gives the slot back unless it was kept. */
        @Override
        public void close() {
            slot.close();
        }
    }

    /** Refused, with the close code, the error frame's text, and when to retry (0: no hint). */
    public record Refused(CloseCode code, String message, long retryAfterSeconds) implements Outcome {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
    private static final Pattern LAST_SEQ = Pattern.compile("[0-9]{1,18}");

    private static final Duration WARN_EVERY = Duration.ofSeconds(10);

    private final AtomicLong lastRedisWarning = new AtomicLong();
    private final AtomicLong suppressedRedisWarnings = new AtomicLong();
    private final AdmissionSettings settings;
    private final StreamTokens tokens;
    private final RateLimiter rateLimiter;
    private final ClientAddress clientAddress;
    private final ConnectionBudget budget;
    private final RedisNames names;

    public Admission(AdmissionSettings settings, StreamTokens tokens, RateLimiter rateLimiter, ClientAddress clientAddress,
                     ConnectionBudget budget, RedisNames names) {
        this.names = names;
        this.settings = settings;
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.clientAddress = clientAddress;
        this.budget = budget;
    }

    /**
     * Checks a handshake; never fails (an unreachable Redis is a refusal with 1011). On a single Redis the connect
     * limit, the budget slot and the task record are one script run ({@code admit.lua}): one round trip; on a Redis
     * Cluster the task record is in another slot and is not read here ({@link Admitted#task} is null).
     */
    public CompletionStage<Outcome> check(@Nullable String taskId, @Nullable String lastSeqParameter, Handshake handshake) {
        Refused local = checkLocally(taskId, lastSeqParameter, handshake);
        // every handshake counts against its address's limit, whatever it carries: refusing bad tokens without
        // counting them would let one address try tokens (and fill logs) as fast as it can send; an address over
        // its limit is refused by the limiter's memory, without asking Redis
        RateLimiter.Count count;
        CompletionStage<ConnectionBudget.Answer> asked;
        try {
            count = rateLimiter.prepare(RateLimiter.Kind.CONNECT, clientAddress.resolve(handshake.peer(), handshake.forwardedFor()));
            if (!count.asksRedis() && count.refusedFor().isPresent()) {
                return CompletableFuture.completedFuture(limited(count.refusedFor().get()));
            }
            if (local != null && !count.asksRedis()) {
                return CompletableFuture.completedFuture(local); // the limit is off: nothing to count
            }
            String taskKey = local == null && !names.cluster() ? names.task(taskId) : null;
            asked = budget.admit(count.asksRedis() ? count : null, local != null, taskKey);
        } catch (RuntimeException e) {
            count = null;
            asked = CompletableFuture.failedFuture(e);
        }
        RateLimiter.Count counted = count;
        return asked.handle((answer, failure) -> {
            if (failure != null) {
                if (local != null) {
                    return local; // refused either way: Redis not needed
                }
                warnRedisDown(failure);
                return new Refused(CloseCode.REDIS_UNAVAILABLE, "Redis unavailable, try again later", 0);
            }
            if (answer.limitedForMillis() > 0) {
                return limited(rateLimiter.refused(counted, answer.limitedForMillis()));
            }
            if (local != null) {
                return local;
            }
            if (answer.refusal() != null) {
                return answer.refusal() == ConnectionBudget.Refusal.REDIS_UNAVAILABLE
                        ? new Refused(CloseCode.REDIS_UNAVAILABLE, "Redis unavailable, try again later", 0)
                        : new Refused(CloseCode.BUDGET_EXHAUSTED, "Too many connections, try again later", 0);
            }
            long lastSeq = lastSeqParameter == null ? 0 : Long.parseLong(lastSeqParameter);
            BudgetSlot slot = answer.admitted() ? new BudgetSlot(budget::release) : BudgetSlot.none();
            return new Admitted(lastSeq, slot, answer.task());
        });
    }

    private static Refused limited(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new Refused(CloseCode.RATE_LIMITED, "Too many connections from your address: retry in " + seconds + " s", seconds);
    }

    /** Input, token and origin, none of which asks Redis: the refusal, or null when they pass. */
    @Nullable
    private Refused checkLocally(@Nullable String taskId, @Nullable String lastSeqParameter, Handshake handshake) {
        if (taskId == null || !TaskId.isValid(taskId)) {
            return new Refused(CloseCode.POLICY_VIOLATION, "Malformed task id: it must be 1-64 characters of [A-Za-z0-9_-]", 0);
        }
        if (lastSeqParameter != null && !LAST_SEQ.matcher(lastSeqParameter).matches()) {
            return new Refused(CloseCode.POLICY_VIOLATION, "Malformed last_seq: it must be a non-negative integer", 0);
        }
        StreamTokens.Verdict token = tokens.verify(taskId, handshake.token());
        if (token != StreamTokens.Verdict.VALID) {
            return new Refused(CloseCode.UNAUTHORIZED, switch (token) {
                case MISSING -> "Missing stream token: use the ws_url scan-api returned";
                case EXPIRED -> "Stream token expired: start a new scan";
                default -> "Invalid stream token";
            }, 0);
        }
        if (!settings.originAllowed(handshake.origin())) {
            String origin = handshake.origin();
            return new Refused(CloseCode.ORIGIN_NOT_ALLOWED, "Origin not allowed: "
                    + (origin.length() <= 80 ? origin : origin.substring(0, 80) + "..."), 0);
        }
        return null;
    }

    /** At most one warning per {@link #WARN_EVERY}, with how many were left out: handshakes are the client's to repeat. */
    private void warnRedisDown(Throwable failure) {
        long now = System.nanoTime();
        long last = lastRedisWarning.get();
        if (last != 0 && now - last < WARN_EVERY.toNanos()) {
            suppressedRedisWarnings.incrementAndGet();
        } else if (lastRedisWarning.compareAndSet(last, now == 0 ? 1 : now)) {
            LOG.warn("Redis unavailable while rate limiting a client ({} more such handshakes since the last warning): {}",
                    suppressedRedisWarnings.getAndSet(0), failure.toString());
        }
    }
}
