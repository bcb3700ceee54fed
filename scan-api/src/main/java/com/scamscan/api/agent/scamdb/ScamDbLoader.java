package com.scamscan.api.agent.scamdb;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the shipped sample when an agent instance starts (retrying on the check interval until it is in Redis), and
 * refreshes every configured feed on its interval: each instance looks every {@code min(interval, check-interval)}
 * whether a feed is due, and the feed's lock lets one instance at a time download it. Every {@code check-interval} it
 * also has {@link ScamDbGuard} look whether any feed's data (the sample's too) is gone from Redis, and re-import it.
 */
@Singleton
@Requires(property = "scamscan.agent.enabled", notEquals = "false")
public class ScamDbLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ScamDbLoader.class);

    private final ScamDbFeeds feeds;
    private final FeedRefresher refresher;
    private final ScamDbGuard guard;
    private final ScamDbSettings settings;
    private final TaskScheduler scheduler;
    private final List<ScheduledFuture<?>> scheduled = new CopyOnWriteArrayList<>();

    public ScamDbLoader(ScamDbFeeds feeds, FeedRefresher refresher, ScamDbGuard guard, ScamDbSettings settings,
                        @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.feeds = feeds;
        this.refresher = refresher;
        this.guard = guard;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        for (Feed feed : feeds.all()) {
            if (feed.sample()) {
                loadSample(feed);
            } else {
                Duration every = ScamDbFeeds.min(feed.interval(), settings.checkInterval());
                scheduled.add(scheduler.scheduleWithFixedDelay(Duration.ZERO, every, () -> run(feed, false)));
            }
        }
        scheduled.add(scheduler.scheduleWithFixedDelay(settings.checkInterval(), settings.checkInterval(), this::verify));
    }

    private void verify() {
        try {
            guard.verify();
        } catch (RuntimeException e) { // a scheduled task that throws is never run again
            LOG.warn("scam database: checking the feeds' data in Redis failed: {}", e.toString());
        }
    }

    /** The sample is in Redis before the agent takes its first scan; when that fails (Redis down), it is retried. */
    private void loadSample(Feed feed) {
        if (done(run(feed, true))) {
            return;
        }
        AtomicReference<ScheduledFuture<?>> retry = new AtomicReference<>();
        retry.set(scheduler.scheduleWithFixedDelay(settings.checkInterval(), settings.checkInterval(), () -> {
            if (done(run(feed, true)) && retry.get() != null) {
                retry.get().cancel(false);
            }
        }));
        scheduled.add(retry.get());
    }

    private static boolean done(FeedRefresher.Outcome outcome) {
        return outcome == FeedRefresher.Outcome.REPLACED || outcome == FeedRefresher.Outcome.NOT_MODIFIED;
    }

    private FeedRefresher.Outcome run(Feed feed, boolean now) {
        try {
            return now ? refresher.refreshNow(feed.name()) : refresher.refreshIfDue(feed.name());
        } catch (RuntimeException e) { // a scheduled task that throws is never run again
            LOG.warn("scam database feed {}: refresh failed: {}", feed.name(), e.toString());
            return FeedRefresher.Outcome.FAILED;
        }
    }

    @PreDestroy
    void stop() {
        scheduled.forEach(task -> task.cancel(true));
    }
}
