package com.scamscan.api.agent.scamdb;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code /health} component {@code scamDatabase}: each feed's state (ok, failing, not loaded yet; entries, last
 * success, last attempt, last error). It is always UP: a feed is an outside service, and its outage must not take the
 * scan API out of a load balancer; the scam database keeps each feed's last good copy, and the details say which feed
 * is failing and why.
 */
@Singleton
@Requires(property = "scamscan.agent.enabled", notEquals = "false")
public class ScamDbHealthIndicator implements HealthIndicator {

    static final String NAME = "scamDatabase";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ScamDbFeeds feeds;
    private final FeedRefresher refresher;

    public ScamDbHealthIndicator(ScamDbFeeds feeds, FeedRefresher refresher) {
        this.feeds = feeds;
        this.refresher = refresher;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.defer(() -> {
                    List<CompletableFuture<Map.Entry<String, Object>>> states = feeds.all().stream()
                            .map(feed -> refresher.state(feed.name()).toCompletableFuture()
                                    .thenApply(state -> Map.entry(feed.name(), (Object) details(feed, state))))
                            .toList();
                    return Mono.fromCompletionStage(CompletableFuture.allOf(states.toArray(CompletableFuture[]::new))
                            .thenApply(done -> {
                                Map<String, Object> all = new LinkedHashMap<>();
                                states.forEach(s -> all.put(s.join().getKey(), s.join().getValue()));
                                return all;
                            }));
                })
                .timeout(TIMEOUT)
                .map(all -> HealthResult.builder(NAME, HealthStatus.UP).details(Map.of("feeds", all)).build())
                .onErrorResume(e -> Mono.just(HealthResult.builder(NAME, HealthStatus.UP)
                        .details(Map.of("error", "the feeds' states could not be read from Redis")).build()));
    }

    private static Map<String, Object> details(Feed feed, FeedState state) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", state.failing() ? "failing" : state.loaded() ? "ok" : "not loaded yet");
        details.put("location", feed.shownLocation());
        if (!feed.sample()) {
            details.put("format", feed.format().name());
            details.put("interval", feed.interval().toString());
        }
        details.put("entries", state.entries());
        state.lastSuccess().ifPresent(t -> details.put("lastSuccess", t.toString()));
        state.lastAttempt().ifPresent(t -> details.put("lastAttempt", t.toString()));
        if (state.failing()) {
            details.put("lastError", state.lastError());
            state.lastErrorAt().ifPresent(t -> details.put("lastErrorAt", t.toString()));
        }
        return details;
    }
}
