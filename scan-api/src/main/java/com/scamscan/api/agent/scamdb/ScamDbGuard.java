package com.scamscan.api.agent.scamdb;

import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when a feed's data is gone from Redis (a restart without data, a flush, evicted keys: see
 * {@link FeedRefresher.Presence}) and imports the feed again, so that the scam database does not silently answer
 * "not listed" until scan-api restarts. It looks on every {@code check-interval} ({@link ScamDbLoader} schedules
 * {@link #verify}) and before every scan's lookups ({@link #ensureIntact}), which waits up to {@code repair-wait} for
 * the re-import. A feed is re-imported at most once per {@code check-interval} per instance (its lock makes one
 * instance do it at a time), so a feed whose source is down is not fetched on every scan.
 */
@Singleton
@Requires(property = "scamscan.agent.enabled", notEquals = "false")
public class ScamDbGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ScamDbGuard.class);

    private final ScamDbFeeds feeds;
    private final FeedRefresher refresher;
    private final ScamDbSettings settings;
    private final Clock clock;
    private final ExecutorService repairs = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "scamdb-repair");
        thread.setDaemon(true);
        return thread;
    });
    /** Per feed: the re-import running now, and when the last one started. */
    private final Map<String, CompletableFuture<FeedRefresher.Outcome>> running = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastRepair = new ConcurrentHashMap<>();

    public ScamDbGuard(ScamDbFeeds feeds, FeedRefresher refresher, ScamDbSettings settings, Clock clock) {
        this.feeds = feeds;
        this.refresher = refresher;
        this.settings = settings;
        this.clock = clock;
    }

    /** Looks at every feed and starts re-importing those whose data is missing; does not wait for them. */
    public void verify() {
        for (Feed feed : missing()) {
            repair(feed);
        }
    }

    /**
     * Before a scan's lookups: re-imports feeds whose data is missing and waits up to {@code repair-wait} for them.
     *
     * @return the names of feeds still missing afterwards (their entries are not consulted by this scan)
     */
    public List<String> ensureIntact() throws InterruptedException {
        List<Feed> missing = missing();
        if (missing.isEmpty()) {
            return List.of();
        }
        List<CompletableFuture<FeedRefresher.Outcome>> repairing = missing.stream().map(this::repair).toList();
        try {
            CompletableFuture.allOf(repairing.toArray(CompletableFuture[]::new))
                    .get(settings.repairWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // answered below by looking again
        }
        return missing().stream().map(Feed::name).toList();
    }

    /** The feeds whose data is missing from Redis now. */
    List<Feed> missing() {
        List<CompletableFuture<Map.Entry<Feed, FeedRefresher.Presence>>> checks = feeds.all().stream()
                .map(feed -> refresher.presence(feed).toCompletableFuture().thenApply(p -> Map.entry(feed, p)))
                .toList();
        CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).join();
        return checks.stream().map(CompletableFuture::join)
                .filter(e -> e.getValue() == FeedRefresher.Presence.MISSING)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The feed's re-import: the one running now, a new one, or none (done) when the last started too recently. */
    private CompletableFuture<FeedRefresher.Outcome> repair(Feed feed) {
        synchronized (running) {
            CompletableFuture<FeedRefresher.Outcome> current = running.get(feed.name());
            if (current != null && !current.isDone()) {
                return current;
            }
            Instant now = clock.instant();
            Instant last = lastRepair.get(feed.name());
            if (last != null && now.isBefore(last.plus(settings.checkInterval()))) {
                return CompletableFuture.completedFuture(FeedRefresher.Outcome.NOT_DUE);
            }
            lastRepair.put(feed.name(), now);
            LOG.warn("scam database feed {}: its data is gone from Redis (a restart without data, a flush or eviction); "
                    + "importing it again", feed.name());
            CompletableFuture<FeedRefresher.Outcome> started = CompletableFuture.supplyAsync(() -> {
                FeedRefresher.Outcome outcome = refresher.refreshNow(feed.name());
                LOG.info("scam database feed {}: re-import {}", feed.name(), outcome);
                return outcome;
            }, repairs);
            running.put(feed.name(), started);
            return started;
        }
    }

    @PreDestroy
    void stop() {
        repairs.shutdownNow();
    }
}
