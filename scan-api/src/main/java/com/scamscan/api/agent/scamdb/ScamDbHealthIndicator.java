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
 * {@code /health} component {@code scamDatabase}: each feed's state (ok, failing, not loaded yet, missing; entries, last
 * success, last attempt, last error). It is {@code UP} while every feed's data is in Redis (a failing refresh keeps the
 * last good copy) and {@link #DEGRADED} while some feed has none: never loaded, or gone from Redis (a restart without
 * data, a flush, eviction) until {@link ScamDbGuard} has imported it again. Neither takes the API out of a load balancer
 * ({@code /health} answers 200 for both): a feed is an outside service and a re-import takes moments; the details say
 * which feed lacks its data and why.
 */
@Singleton
@Requires(property = "scamscan.agent.enabled", notEquals = "false")
public class ScamDbHealthIndicator implements HealthIndicator {

    static final String NAME = "scamDatabase";
    /** Operational (HTTP 200), but some feed's entries are not being consulted. */
    public static final HealthStatus DEGRADED = new HealthStatus("DEGRADED",
            "a scam database feed has no data in Redis; lookups miss its entries until it is imported", true, 1);
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
                    List<CompletableFuture<Map.Entry<String, Map<String, Object>>>> states = feeds.all().stream()
                            .map(feed -> refresher.state(feed.name()).toCompletableFuture()
                                    .thenCombine(refresher.presence(feed), (state, presence) ->
                                            Map.entry(feed.name(), details(feed, state, presence))))
                            .toList();
                    return Mono.fromCompletionStage(CompletableFuture.allOf(states.toArray(CompletableFuture[]::new))
                            .thenApply(done -> {
                                Map<String, Map<String, Object>> all = new LinkedHashMap<>();
                                states.forEach(s -> all.put(s.join().getKey(), s.join().getValue()));
                                return all;
                            }));
                })
                .timeout(TIMEOUT)
                .map(ScamDbHealthIndicator::result)
                .onErrorResume(e -> Mono.just(HealthResult.builder(NAME, HealthStatus.UP)
                        .details(Map.of("error", "the feeds' states could not be read from Redis")).build()));
    }

    /** UP when every feed has its data, else DEGRADED; the feeds' details. */
    private static HealthResult result(Map<String, Map<String, Object>> all) {
        boolean everyFeedHasData = true;
        for (Map<String, Object> details : all.values()) {
            everyFeedHasData &= Boolean.TRUE.equals(details.remove(HAS_DATA));
        }
        return HealthResult.builder(NAME, everyFeedHasData ? HealthStatus.UP : DEGRADED).details(Map.of("feeds", all)).build();
    }

    /** Internal: whether the feed has its data, taken out of the details before they are shown. */
    private static final String HAS_DATA = "hasData";

    private static Map<String, Object> details(Feed feed, FeedState state, FeedRefresher.Presence presence) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(HAS_DATA, presence == FeedRefresher.Presence.INTACT);
        details.put("status", presence == FeedRefresher.Presence.MISSING ? "missing: its data is not in Redis, importing it"
                : state.failing() ? "failing" : state.loaded() ? "ok" : "not loaded yet");
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
