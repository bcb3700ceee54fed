package com.scamscan.api.agent.scamdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Feed configuration: what is accepted, what is refused at startup with a message naming the property. */
class ScamDbFeedsTest {

    private static final ScamDbSettings SETTINGS = new ScamDbSettings(true, Duration.ofSeconds(5), 1_000_000,
            Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofSeconds(10));

    @Test
    void theSampleComesFirstAndListsEveryKind() {
        ScamDbFeeds feeds = new ScamDbFeeds(SETTINGS, List.of(feed("urlhaus", "https://urlhaus.example/csv_recent/", null,
                FeedFormat.URL_CSV)));
        assertEquals(List.of("sample", "urlhaus"), feeds.all().stream().map(Feed::name).toList());
        assertEquals(List.of("sample"), feeds.listing(FeedFormat.Kind.PHONES).stream().map(Feed::name).toList());
        assertEquals(List.of("sample", "urlhaus"), feeds.listing(FeedFormat.Kind.URLS).stream().map(Feed::name).toList());
    }

    @Test
    void withoutTheSampleNothingIsLoadedUnlessConfigured() {
        ScamDbFeeds feeds = new ScamDbFeeds(new ScamDbSettings(false, Duration.ofSeconds(5), 1, Duration.ofMinutes(10),
                Duration.ofMinutes(1), Duration.ofSeconds(10)), List.of());
        assertTrue(feeds.all().isEmpty());
    }

    @Test
    void healthShowsAUrlWithoutItsPathOrQuery() {
        ScamDbFeeds feeds = new ScamDbFeeds(SETTINGS, List.of(feed("phishtank",
                "https://data.phishtank.example/data/SECRETKEY/online-valid.csv?x=1", null, FeedFormat.PHISHTANK_CSV),
                feed("mine", null, "/data/lists/hosts.txt", FeedFormat.DOMAIN_LIST)));
        assertEquals("https://data.phishtank.example", feeds.named("phishtank").orElseThrow().shownLocation());
        assertEquals("hosts.txt", feeds.named("mine").orElseThrow().shownLocation());
    }

    @Test
    void badFeedConfigurationIsRefusedAtStartup() {
        assertRefused("exactly one of url and path", feed("both", "https://a.example/x", "/tmp/x", FeedFormat.URL_LIST));
        assertRefused("exactly one of url and path", feed("neither", null, null, FeedFormat.URL_LIST));
        assertRefused("http or https", feed("ftp", "ftp://a.example/x", null, FeedFormat.URL_LIST));
        assertRefused("format is required", feed("noformat", "https://a.example/x", null, null));
        assertRefused("not 'sample'", feed("sample", "https://a.example/x", null, FeedFormat.URL_LIST));
        assertRefused("lower-case", feed("Upper", "https://a.example/x", null, FeedFormat.URL_LIST));
        assertRefused("interval must be positive", new FeedSettings("zero", "https://a.example/x", null, FeedFormat.URL_LIST,
                Duration.ZERO, 0.9, 0.5));
        assertRefused("between 0 and 1", new FeedSettings("drop", "https://a.example/x", null, FeedFormat.URL_LIST,
                Duration.ofHours(1), 90, 0.5));
    }

    private static void assertRefused(String message, FeedSettings feed) {
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> new ScamDbFeeds(SETTINGS, List.of(feed)));
        assertTrue(refused.getMessage().contains(message), refused.getMessage());
        assertTrue(refused.getMessage().contains("scamscan.scamdb.feeds." + feed.name()), refused.getMessage());
    }

    private static FeedSettings feed(String name, String url, String path, FeedFormat format) {
        return new FeedSettings(name, url, path, format, Duration.ofHours(1), 0.9, 0.5);
    }
}
