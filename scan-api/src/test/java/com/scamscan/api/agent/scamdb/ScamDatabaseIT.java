package com.scamscan.api.agent.scamdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.redis.RedisNames;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups over loaded feeds: URL normalisation, parent domains, E.164 phones, several feeds at once, the sample. */
class ScamDatabaseIT {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(RedisFixture.shared().uri());
        connection = client.connect();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Test
    void phishingUrlListMatchesNormalisedUrls() throws IOException {
        String host = unique() + ".top";
        ScamDatabase database = load(FeedFormat.URL_LIST, "# comment\n\nhttps://" + host + "/Login/\nnot a url\nhttp://" + host
                + ":80/a#frag\n");
        assertTrue(has(database.hasUrl("HTTPS://" + host.toUpperCase() + "/Login")));
        assertTrue(has(database.hasUrl("http://" + host + "/a")));
        assertFalse(has(database.hasUrl("https://" + host + "/login")), "paths keep their case");
    }

    @Test
    void malwareCsvTakesTheThirdColumn() throws IOException {
        String url = "http://" + unique() + ".example/payload.apk";
        ScamDatabase database = load(FeedFormat.URL_CSV, "# id,dateadded,url,...\n\"7\",\"2026-11-01 10:00:00\",\"" + url
                + "\",\"online\",\"x\",\"malware_download\",\"apk,\"\"quoted\"\"\",\"https://u/7/\",\"r\"\n");
        assertTrue(has(database.hasUrl(url)));
    }

    @Test
    void domainListMatchesHostsAndTheirSubdomains() throws IOException {
        String bad = unique() + ".net";
        ScamDatabase database = load(FeedFormat.DOMAIN_LIST, "0.0.0.0 " + bad + "\n127.0.0.1 localhost\nplain-" + bad + "\n");
        assertTrue(has(database.hasDomain(bad)));
        assertTrue(has(database.hasDomain("login.secure." + bad)));
        assertTrue(has(database.hasDomain("plain-" + bad)));
        assertFalse(has(database.hasDomain("x" + bad)));
        assertFalse(has(database.hasDomain("localhost")));
    }

    @Test
    void phoneListIsStoredInE164() throws IOException {
        ScamDatabase database = load(FeedFormat.PHONE_LIST, "+1 (202) 555-0188\n+1 202 555 0100\nnot a number\n");
        assertTrue(has(database.hasPhone("+12025550188")));
    }

    @Test
    void aLookupConsultsEveryFeed() throws IOException {
        String a = "https://" + unique() + ".com/a";
        String b = "https://" + unique() + ".com/b";
        Path first = Files.writeString(dir.resolve("first.txt"), a + "\n");
        Path second = Files.writeString(dir.resolve("second.txt"), b + "\n");
        String one = "one" + unique();
        String two = "two" + unique();
        ScamDbFeeds feeds = new ScamDbFeeds(settings(false), List.of(
                new FeedSettings(one, null, first.toString(), FeedFormat.URL_LIST, Duration.ofHours(1), 0.9, 0.5),
                new FeedSettings(two, null, second.toString(), FeedFormat.URL_LIST, Duration.ofHours(1), 0.9, 0.5)));
        FeedRefresher refresher = refresher(feeds);
        refresher.refreshNow(one);
        refresher.refreshNow(two);
        ScamDatabase database = new ScamDatabase(connection.async(), RedisNames.standalone(), feeds);
        assertTrue(has(database.hasUrl(a)));
        assertTrue(has(database.hasUrl(b)));
        assertFalse(has(database.hasUrl("https://elsewhere.example.com/")));
    }

    @Test
    void theShippedSampleLoadsAsTheFeedNamedSample() {
        ScamDbFeeds feeds = new ScamDbFeeds(settings(true), List.of());
        FeedRefresher refresher = refresher(feeds);
        FeedRefresher.Outcome outcome = refresher.refreshNow("sample");
        assertTrue(outcome == FeedRefresher.Outcome.REPLACED || outcome == FeedRefresher.Outcome.NOT_MODIFIED, outcome.name());
        assertEquals(FeedRefresher.Outcome.NOT_MODIFIED, refresher.refreshNow("sample"), "the same sample is not written again");
        ScamDatabase database = new ScamDatabase(connection.async(), RedisNames.standalone(), feeds);
        assertTrue(has(database.hasUrl("https://usps-redelivery.top/pay")));
        assertTrue(has(database.hasUrl("https://dhl-tracking-app.top/DHL.apk")));
        assertTrue(has(database.hasDomain("www.usps-help.net")));
        assertTrue(has(database.hasPhone("+19005550199")));
        FeedState state = refresher.state("sample").toCompletableFuture().join();
        assertEquals("classpath:scamdb", state.location());
        assertTrue(state.entries() >= 10, "entries " + state.entries());
    }

    private ScamDatabase load(FeedFormat format, String text) throws IOException {
        String name = unique();
        Path file = Files.writeString(dir.resolve(name + ".txt"), text);
        ScamDbFeeds feeds = new ScamDbFeeds(settings(false), List.of(
                new FeedSettings(name, null, file.toString(), format, Duration.ofHours(1), 0.9, 0.5)));
        assertEquals(FeedRefresher.Outcome.REPLACED, refresher(feeds).refreshNow(name));
        return new ScamDatabase(connection.async(), RedisNames.standalone(), feeds);
    }

    private static FeedRefresher refresher(ScamDbFeeds feeds) {
        ScamDbSettings settings = settings(false);
        return new FeedRefresher(connection.async(), RedisNames.standalone(), feeds, settings, Clock.systemUTC());
    }

    private static ScamDbSettings settings(boolean sample) {
        return new ScamDbSettings(sample, Duration.ofSeconds(5), 1_000_000, Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(10));
    }

    private static boolean has(CompletionStage<Boolean> answer) {
        return answer.toCompletableFuture().join();
    }

    private static String unique() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }
}
