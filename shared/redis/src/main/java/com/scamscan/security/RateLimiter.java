package com.scamscan.security;

import com.scamscan.redis.RedisNames;
import com.scamscan.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;

/**
 * Per-address request limits kept in Redis, so every instance of scan-api and of the gateway counts against the
 * same numbers: a fixed window per address and kind, one script run per request.
 *
 * <p>An address Redis has refused is remembered here until its window ends (a refused request is not counted in
 * Redis, so the address stays over its limit until then): a flood from one address costs Redis at most its
 * limit's worth of script runs per window and instance, not one per request. The memory holds at most
 * {@link #MAX_REMEMBERED} addresses; past that, refusals are asked of Redis again.
 */
@Singleton
public final class RateLimiter {

    /** What is being counted. */
    public enum Kind {
        /** {@code POST /scan-image}. */
        SCAN("scan"),
        /** A WebSocket handshake on a gateway. */
        CONNECT("connect");

        private final String keyName;

        Kind(String keyName) {
            this.keyName = keyName;
        }
    }

    /** How many refused addresses are remembered at most (each entry is a key of 32 hex digits and an instant). */
    static final int MAX_REMEMBERED = 10_000;

    private static final RedisScript SCRIPT = RedisScript.fromResource(RateLimiter.class, "rate_limit.lua");
    private static final RedisScript REFUND = RedisScript.fromResource(RateLimiter.class, "rate_refund.lua");

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisNames names;
    private final RateLimitSettings settings;
    private final Clock clock;
    /** Counter key of a refused address, and when its window ends. */
    private final Map<String, Instant> refusedUntil = new ConcurrentHashMap<>();

    public RateLimiter(RedisClusterAsyncCommands<String, String> redis, RedisNames names, RateLimitSettings settings,
                       Clock clock) {
        this.redis = redis;
        this.names = names;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Counts a request of this address.
     *
     * @return empty when allowed; otherwise how long until the address may try again. Fails when Redis cannot be
     *         asked (callers answer as for any Redis outage).
     */
    public CompletionStage<Optional<Duration>> acquire(Kind kind, String address) {
        Count count = prepare(kind, address);
        if (!count.asksRedis()) {
            return CompletableFuture.completedFuture(count.refusedFor());
        }
        CompletionStage<List<Long>> reply = SCRIPT.execute(redis, ScriptOutputType.MULTI, new String[]{count.key()},
                count.limitArgument(), count.windowArgument());
        return reply.thenApply(r -> r.get(0) == 1L ? Optional.<Duration>empty() : Optional.of(refused(count, r.get(1))));
    }

    /**
     * A request of this address about to be counted, for a caller that counts it in a script of its own together
     * with other work (the gateway's admission, {@code admit.lua}), by the same rules as {@code rate_limit.lua}:
     * either the answer is known without Redis (the limit is off, or the address is remembered as refused), or
     * the script counts {@link Count#key()} against {@link Count#limitArgument()} in a window of
     * {@link Count#windowArgument()} ms, and the caller reports a refusal with {@link #refused}.
     */
    public Count prepare(Kind kind, String address) {
        int limit = kind == Kind.SCAN ? settings.scansPerWindow() : settings.connectsPerWindow();
        if (limit <= 0) {
            return new Count(null, 0, 0, null, Optional.empty()); // this limit is off
        }
        String key = names.rateLimit(kind.keyName, hash(address));
        Instant now = clock.instant();
        Instant until = refusedUntil.get(key);
        if (until != null) {
            if (now.isBefore(until)) {
                return new Count(null, 0, 0, null, Optional.of(Duration.between(now, until))); // Redis not asked
            }
            refusedUntil.remove(key, until);
        }
        return new Count(key, limit, settings.window().toMillis(), now, Optional.empty());
    }

    /**
     * Redis refused a {@link #prepare prepared} count, the window ending in {@code millisLeft}: the address is
     * remembered until then. Returns how long the address waits.
     */
    public Duration refused(Count count, long millisLeft) {
        Duration wait = Duration.ofMillis(Math.max(1, millisLeft));
        remember(count.key(), count.at().plus(wait));
        return wait;
    }

    /**
     * One request to count.
     *
     * @param key the address's counter, null when Redis need not be asked
     * @param refusedFor when Redis need not be asked: empty when allowed (the limit is off), else how long the
     *        remembered refusal still lasts
     */
    public record Count(String key, int limit, long windowMillis, Instant at, Optional<Duration> refusedFor) {

        /** Whether the count needs Redis (else {@link #refusedFor} is the answer). */
        public boolean asksRedis() {
            return key != null;
        }

        public String limitArgument() {
            return Integer.toString(limit);
        }

        public String windowArgument() {
            return Long.toString(windowMillis);
        }
    }

    private void remember(String key, Instant until) {
        if (refusedUntil.size() >= MAX_REMEMBERED) {
            Instant now = clock.instant();
            refusedUntil.values().removeIf(end -> !now.isBefore(end));
            if (refusedUntil.size() >= MAX_REMEMBERED) {
                return; // a flood from very many addresses: those beyond the bound are asked of Redis each time
            }
        }
        refusedUntil.put(key, until);
    }

    /**
     * Gives back a request {@link #acquire} counted, because it was refused afterwards (bad input, storage
     * unavailable): a refused request does not use up the address's allowance. Should the window have turned in
     * between, the new window's count is lowered instead (never below 0), which lets one request more through.
     */
    public CompletionStage<Void> refund(Kind kind, String address) {
        int limit = kind == Kind.SCAN ? settings.scansPerWindow() : settings.connectsPerWindow();
        if (limit <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        String[] keys = {names.rateLimit(kind.keyName, hash(address))};
        CompletionStage<Long> left = REFUND.<Long, String>execute(redis, ScriptOutputType.INTEGER, keys);
        return left.thenApply(n -> null);
    }

    /** A fixed-length name for an address: no client-controlled text ends up in a key. */
    private static String hash(String address) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(address.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
