package com.scamscan.api.agent.scamdb;

import com.scamscan.redis.RedisNames;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Known-bad URLs, hosts and phone numbers, kept in Redis sets shared by every scan-api instance: one set per feed and
 * kind, each replaced whole when its feed is refreshed ({@link FeedRefresher}). A lookup asks every feed's current set
 * at once (the commands are sent together, without waiting for each answer).
 */
@Singleton
public class ScamDatabase {

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisNames names;
    private final ScamDbFeeds feeds;

    public ScamDatabase(RedisClusterAsyncCommands<String, String> redis, RedisNames names, ScamDbFeeds feeds) {
        this.redis = redis;
        this.names = names;
        this.feeds = feeds;
    }

    /** Whether the URL (normalised) is listed by any feed. */
    public CompletionStage<Boolean> hasUrl(String url) {
        String normalised = normaliseUrl(url);
        return any(FeedFormat.Kind.URLS, key -> redis.sismember(key, normalised));
    }

    /** Whether the host, or any parent domain of it, is listed by any feed. */
    public CompletionStage<Boolean> hasDomain(String host) {
        List<String> candidates = new ArrayList<>();
        String name = host.toLowerCase(Locale.ROOT);
        while (name.contains(".")) {
            candidates.add(name);
            name = name.substring(name.indexOf('.') + 1);
        }
        if (candidates.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        String[] members = candidates.toArray(String[]::new);
        return any(FeedFormat.Kind.DOMAINS, key -> redis.smismember(key, members).thenApply(hits -> hits.contains(Boolean.TRUE)));
    }

    /** Whether the phone number (E.164) is listed by any feed. */
    public CompletionStage<Boolean> hasPhone(String e164) {
        return any(FeedFormat.Kind.PHONES, key -> redis.sismember(key, e164));
    }

    private CompletionStage<Boolean> any(FeedFormat.Kind kind, Function<String, CompletionStage<Boolean>> lookup) {
        List<CompletableFuture<Boolean>> answers = feeds.listing(kind).stream()
                .map(feed -> lookup.apply(names.scamDbFeedSet(feed.name(), kind.key())).toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(done -> answers.stream().anyMatch(CompletableFuture::join));
    }

    /** Scheme and host in lower case, no default port, no fragment, no trailing slash on the path. */
    public static String normaliseUrl(String url) {
        String text = url.strip();
        int hash = text.indexOf('#');
        if (hash >= 0) {
            text = text.substring(0, hash);
        }
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) {
            text = "http://" + text;
            schemeEnd = 4;
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = text.substring(schemeEnd + 3);
        int pathStart = rest.length();
        for (char c : new char[]{'/', '?'}) {
            int at = rest.indexOf(c);
            if (at >= 0 && at < pathStart) {
                pathStart = at;
            }
        }
        String authority = rest.substring(0, pathStart).toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && authority.endsWith(":80") || scheme.equals("https") && authority.endsWith(":443")) {
            authority = authority.substring(0, authority.lastIndexOf(':'));
        }
        String path = rest.substring(pathStart);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + authority + path;
    }
}
