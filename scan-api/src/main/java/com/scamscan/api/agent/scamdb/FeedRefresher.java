package com.scamscan.api.agent.scamdb;

import com.scamscan.redis.RedisNames;
import com.scamscan.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes one feed: under the feed's Redis lock (one instance downloads, the others skip), fetches it (conditionally),
 * checks it, writes its entries to fresh sets and swaps them for the live ones in one script. Whatever goes wrong, the
 * live copy stays as it was and the reason is recorded in the feed's state.
 */
@Singleton
public class FeedRefresher {

    /** What one refresh did. */
    public enum Outcome {
        /** The live copy was replaced with the feed's new content. */
        REPLACED,
        /** The source said the live copy is current (HTTP 304, or the same sample). */
        NOT_MODIFIED,
        /** The refresh failed or the data was refused; the live copy is kept and the reason recorded. */
        FAILED,
        /** The feed was refreshed (or tried) less than its interval ago, by this or another instance. */
        NOT_DUE,
        /** Another instance holds the feed's lock and is refreshing it now. */
        BUSY
    }

    private static final Logger LOG = LoggerFactory.getLogger(FeedRefresher.class);
    private static final RedisScript SWAP = RedisScript.fromResource(FeedRefresher.class, "swap.lua");
    private static final RedisScript UNLOCK = RedisScript.fromResource(FeedRefresher.class, "unlock.lua");
    private static final int BATCH = 1000;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisNames names;
    private final ScamDbFeeds feeds;
    private final ScamDbSettings settings;
    private final Clock clock;

    public FeedRefresher(RedisClusterAsyncCommands<String, String> redis, RedisNames names, ScamDbFeeds feeds,
                         ScamDbSettings settings, Clock clock) {
        this.redis = redis;
        this.names = names;
        this.feeds = feeds;
        this.settings = settings;
        this.clock = clock;
    }

    /** Refreshes the feed if its interval has passed since the last attempt (by any instance). */
    public Outcome refreshIfDue(String feed) {
        return refresh(feed(feed), false);
    }

    /** Refreshes the feed now, whenever it was last tried (still under its lock). */
    public Outcome refreshNow(String feed) {
        return refresh(feed(feed), true);
    }

    /**
     * Whether a feed's data is in Redis as its last import left it. The import's marker is the feed's state hash, which
     * {@code swap.lua} writes (with the entry count) in the same script as the sets: a Redis that lost its data, or
     * evicted keys, leaves no state hash, or sets that no longer add up to the recorded count.
     */
    public enum Presence {
        /** The state hash records a success and the sets hold exactly the entries it counts. */
        INTACT,
        /** No state hash (never imported, or Redis lost it), or sets short of what the import stored: re-import. */
        MISSING,
        /** Tried but never loaded (the feed failed from its first attempt); its schedule retries it. */
        NOT_LOADED
    }

    /** The feed's {@link Presence}: its state hash and the sizes of its sets, read in one round trip. */
    public CompletionStage<Presence> presence(Feed feed) {
        CompletableFuture<Map<String, String>> state = redis.hgetall(names.scamDbFeedState(feed.name())).toCompletableFuture();
        List<CompletableFuture<Long>> sizes = feed.kinds().stream()
                .map(kind -> redis.scard(names.scamDbFeedSet(feed.name(), kind.key())).toCompletableFuture())
                .toList();
        List<CompletableFuture<?>> all = new ArrayList<>(sizes);
        all.add(state);
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done ->
                presence(state.join(), sizes.stream().mapToLong(CompletableFuture::join).sum()));
    }

    static Presence presence(Map<String, String> hash, long stored) {
        if (hash.isEmpty()) {
            return Presence.MISSING;
        }
        FeedState state = FeedState.of(hash);
        if (!state.loaded()) {
            return Presence.NOT_LOADED;
        }
        return stored == state.entries() ? Presence.INTACT : Presence.MISSING;
    }

    /** The feed's state as kept in Redis. */
    public CompletionStage<FeedState> state(String feed) {
        return redis.hgetall(names.scamDbFeedState(feed)).thenApply(FeedState::of);
    }

    private Feed feed(String name) {
        return feeds.named(name).orElseThrow(() -> new IllegalArgumentException("no feed named " + name));
    }

    private Outcome refresh(Feed feed, boolean force) {
        try {
            if (!force && !due(feed, state(feed.name()).toCompletableFuture().join())) {
                return Outcome.NOT_DUE;
            }
            String token = UUID.randomUUID().toString();
            String lock = names.scamDbFeedLock(feed.name());
            String taken = redis.set(lock, token, SetArgs.Builder.nx().px(settings.lockTtl().toMillis())).toCompletableFuture().join();
            if (!"OK".equals(taken)) {
                return Outcome.BUSY;
            }
            try {
                FeedState state = state(feed.name()).toCompletableFuture().join();
                if (!force && !due(feed, state)) {
                    return Outcome.NOT_DUE; // another instance finished a refresh between our look and our lock
                }
                return refreshLocked(feed, state, token);
            } finally {
                UNLOCK.<Long, String>execute(redis, ScriptOutputType.INTEGER, new String[]{lock}, token).toCompletableFuture().join();
            }
        } catch (RuntimeException e) {
            LOG.warn("scam database feed {}: refresh failed: Redis: {}", feed.name(), e.toString());
            return Outcome.FAILED;
        }
    }

    private boolean due(Feed feed, FeedState state) {
        return state.lastAttempt().isEmpty() || state.loaded() && !state.location().equals(feed.location())
                || !clock.instant().isBefore(state.lastAttempt().get().plus(feed.interval()));
    }

    private Outcome refreshLocked(Feed feed, FeedState state, String token) {
        Instant started = clock.instant();
        String stateKey = names.scamDbFeedState(feed.name());
        boolean sameSource = state.location().equals(feed.location());
        redis.hset(stateKey, Map.of(FeedState.LAST_ATTEMPT, started.toString())).toCompletableFuture().join();
        try {
            FeedSource.Fetch fetch = feed.source().fetch(sameSource && state.loaded()
                    ? new FeedSource.Validators(state.etag(), state.lastModified()) : FeedSource.Validators.NONE);
            if (fetch.notModified()) {
                redis.hset(stateKey, Map.of(FeedState.LAST_SUCCESS, clock.instant().toString(), FeedState.LAST_ERROR, "",
                        FeedState.LAST_ERROR_AT, "")).toCompletableFuture().join();
                LOG.info("scam database feed {}: not modified, {} entries kept", feed.name(), state.entries());
                return Outcome.NOT_MODIFIED;
            }
            Map<FeedFormat.Kind, Set<String>> entries = parse(feed, fetch.documents());
            long total = entries.values().stream().mapToLong(Set::size).sum();
            if (!feed.sample() && sameSource && state.loaded() && total < state.entries() * (1 - feed.maxDrop())) {
                throw new FeedException("the feed now has " + total + " entries, down from " + state.entries()
                        + "; a drop of more than " + Math.round(feed.maxDrop() * 100) + "% is refused (max-drop)");
            }
            long stored = replace(feed, token, entries, fetch.validators());
            if (stored < 0) {
                throw new FeedException("the refresh took longer than the lock time (lock-ttl), so its data was dropped");
            }
            LOG.info("scam database feed {}: {} entries loaded from {}", feed.name(), stored, feed.shownLocation());
            return Outcome.REPLACED;
        } catch (FeedException e) {
            LOG.warn("scam database feed {}: refresh failed, keeping the previous copy: {}", feed.name(), e.getMessage());
            redis.hset(stateKey, Map.of(FeedState.LAST_ERROR, e.getMessage(), FeedState.LAST_ERROR_AT,
                    clock.instant().toString())).toCompletableFuture().join();
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            redis.hset(stateKey, Map.of(FeedState.LAST_ERROR, "the refresh was interrupted (shutdown)", FeedState.LAST_ERROR_AT,
                    clock.instant().toString())).toCompletableFuture().join();
            return Outcome.FAILED;
        }
    }

    private static Map<FeedFormat.Kind, Set<String>> parse(Feed feed, List<FeedSource.Document> documents) throws FeedException {
        Map<FeedFormat.Kind, Set<String>> entries = new EnumMap<>(FeedFormat.Kind.class);
        for (FeedSource.Document document : documents) {
            FeedParser.Parsed parsed = FeedParser.parse(document.body(), document.contentType(), document.format(),
                    feed.maxUnreadable());
            entries.computeIfAbsent(document.format().kind(), kind -> new HashSet<>()).addAll(parsed.entries());
        }
        return entries;
    }

    /** Writes the entries to fresh sets and swaps them in; the stored count, or -1 when the lock was lost meanwhile. */
    private long replace(Feed feed, String token, Map<FeedFormat.Kind, Set<String>> entries, FeedSource.Validators validators) {
        List<String> keys = new ArrayList<>(List.of(names.scamDbFeedLock(feed.name()), names.scamDbFeedState(feed.name())));
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (FeedFormat.Kind kind : feed.kinds()) {
            String live = names.scamDbFeedSet(feed.name(), kind.key());
            String incoming = names.scamDbFeedIncoming(feed.name(), kind.key(), token);
            keys.add(live);
            keys.add(incoming);
            List<String> batch = new ArrayList<>(BATCH);
            for (String entry : entries.getOrDefault(kind, Set.of())) {
                batch.add(entry);
                if (batch.size() == BATCH) {
                    writes.add(redis.sadd(incoming, batch.toArray(String[]::new)).toCompletableFuture());
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                writes.add(redis.sadd(incoming, batch.toArray(String[]::new)).toCompletableFuture());
            }
            // a refresh that dies half-way leaves no set behind for long
            writes.add(redis.pexpire(incoming, settings.lockTtl().toMillis()).toCompletableFuture());
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(FeedState.LAST_SUCCESS, clock.instant().toString());
        fields.put(FeedState.LAST_ERROR, "");
        fields.put(FeedState.LAST_ERROR_AT, "");
        fields.put(FeedState.ETAG, validators.etag());
        fields.put(FeedState.LAST_MODIFIED, validators.lastModified());
        fields.put(FeedState.LOCATION, feed.location());
        List<String> args = new ArrayList<>();
        args.add(token);
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return SWAP.<Long, String>execute(redis, ScriptOutputType.INTEGER, keys.toArray(String[]::new),
                args.toArray(String[]::new)).toCompletableFuture().join();
    }
}
