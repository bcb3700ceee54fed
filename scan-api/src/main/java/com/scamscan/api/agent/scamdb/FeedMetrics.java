package com.scamscan.api.agent.scamdb;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@value #AGE}: per scam database feed (tag {@code feed}, the configured names: a bounded set), seconds since its last
 * successful refresh as recorded in Redis (shared by every instance), so an alert can tell a feed that stopped
 * refreshing; NaN while it was never loaded or Redis cannot answer. A feed's state is read at most once per
 * {@link #MAX_AGE}, so a scrape costs one read per feed.
 */
@Context
@Requires(bean = MeterRegistry.class)
@Requires(property = "scamscan.agent.enabled", notEquals = "false")
public class FeedMetrics {

    public static final String AGE = "scamscan.scamdb.feed.age";
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(FeedMetrics.class);

    /** The last reading of a feed: when it was taken ({@link System#nanoTime()}) and the last success, or null. */
    private record Reading(long at, FeedState state) {
    }

    private final FeedRefresher refresher;
    private final Clock clock;
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();

    public FeedMetrics(ScamDbFeeds feeds, FeedRefresher refresher, Clock clock, MeterRegistry registry) {
        this.refresher = refresher;
        this.clock = clock;
        for (Feed feed : feeds.all()) {
            Gauge.builder(AGE, this, m -> m.age(feed.name())).tag("feed", feed.name()).baseUnit("seconds")
                    .description("seconds since the scam database feed last refreshed successfully").register(registry);
        }
    }

    private double age(String feed) {
        long now = System.nanoTime();
        Reading last = readings.get(feed);
        if (last == null || now - last.at() > MAX_AGE.toNanos()) {
            FeedState state;
            try {
                state = refresher.state(feed).toCompletableFuture().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                state = null;
            } catch (Exception e) {
                LOG.debug("feed {}: state unavailable: {}", feed, e.toString());
                state = null;
            }
            last = new Reading(now, state);
            readings.put(feed, last);
        }
        if (last.state() == null || last.state().lastSuccess().isEmpty()) {
            return Double.NaN;
        }
        return Math.max(0, Duration.between(last.state().lastSuccess().get(), clock.instant()).toMillis() / 1000.0);
    }
}
