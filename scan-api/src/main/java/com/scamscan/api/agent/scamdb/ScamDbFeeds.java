package com.scamscan.api.agent.scamdb;

import com.scamscan.redis.RedisNames;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The feeds this instance knows: the sample (unless {@code import-sample} is false) and every configured feed. */
@Singleton
public class ScamDbFeeds {

    private final List<Feed> feeds;

    @Inject
    public ScamDbFeeds(ScamDbSettings settings, List<FeedSettings> configured) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        List<Feed> all = new ArrayList<>();
        if (settings.importSample()) {
            all.add(new Feed(SampleFeedSource.NAME, new SampleFeedSource(), null, EnumSet.allOf(FeedFormat.Kind.class),
                    settings.checkInterval(), 1.0, 0.5, true));
        }
        for (FeedSettings feed : configured.stream().sorted(Comparator.comparing(FeedSettings::name)).toList()) {
            all.add(feed(feed, settings, http));
        }
        this.feeds = List.copyOf(all);
    }

    private static Feed feed(FeedSettings feed, ScamDbSettings settings, HttpClient http) {
        String where = FeedSettings.PREFIX + "." + feed.name();
        if (!RedisNames.isFeedName(feed.name()) || feed.name().equals(SampleFeedSource.NAME)) {
            throw new ConfigurationException(where + ": a feed name is 1-64 lower-case letters, digits, '-' or '_', and not 'sample'");
        }
        if (feed.format() == null) {
            throw new ConfigurationException(where + ".format is required: one of url-list, url-csv, phishtank-csv, domain-list, phone-list");
        }
        boolean hasUrl = feed.url() != null && !feed.url().isBlank();
        boolean hasPath = feed.path() != null && !feed.path().isBlank();
        if (hasUrl == hasPath) {
            throw new ConfigurationException(where + ": set exactly one of url and path");
        }
        if (feed.interval().isNegative() || feed.interval().isZero()) {
            throw new ConfigurationException(where + ".interval must be positive");
        }
        if (!(feed.maxDrop() >= 0 && feed.maxDrop() <= 1) || !(feed.maxUnreadable() >= 0 && feed.maxUnreadable() <= 1)) {
            throw new ConfigurationException(where + ": max-drop and max-unreadable are shares between 0 and 1");
        }
        FeedSource source;
        if (hasUrl) {
            URI uri = URI.create(feed.url().strip());
            String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ConfigurationException(where + ".url must be an http or https address");
            }
            source = new HttpFeedSource(http, uri, feed.format(), settings.timeout(), settings.maxBytes());
        } else {
            source = new FileFeedSource(Path.of(feed.path().strip()), feed.format(), settings.maxBytes());
        }
        return new Feed(feed.name(), source, feed.format(), Set.of(feed.format().kind()), feed.interval(), feed.maxDrop(),
                feed.maxUnreadable(), false);
    }

    /** Every feed, the sample first. */
    public List<Feed> all() {
        return feeds;
    }

    /** The feed of that name. */
    public Optional<Feed> named(String name) {
        return feeds.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The feeds that list entries of that kind. */
    public List<Feed> listing(FeedFormat.Kind kind) {
        return feeds.stream().filter(f -> f.kinds().contains(kind)).toList();
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
