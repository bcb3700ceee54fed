package com.scamscan.api.agent.scamdb;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.redis.RedisNames;
import com.scamscan.testing.redis.RedisFixture;
import com.scamscan.testing.time.MutableClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refreshes against a real Redis and a local feed server: replacement, validators, refusals, failures, the lock. */
class FeedRefreshIT {

    private static final ScamDbSettings SETTINGS = new ScamDbSettings(false, Duration.ofSeconds(2), 1_000_000,
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(10));

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    private final MutableClock clock = new MutableClock();
    private FeedServer server;
    private String name;

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

    @BeforeEach
    void start() {
        server = new FeedServer();
        name = "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** One instance's view of a single feed. */
    private record Instance(FeedRefresher refresher, ScamDatabase database) {
        FeedState state(String name) {
            return refresher.state(name).toCompletableFuture().join();
        }
    }

    private Instance instance(FeedFormat format, String url, String path, double maxDrop) {
        ScamDbFeeds feeds = new ScamDbFeeds(SETTINGS, List.of(new FeedSettings(name, url, path, format, Duration.ofHours(1),
                maxDrop, 0.5)));
        RedisNames names = RedisNames.standalone();
        return new Instance(new FeedRefresher(connection.async(), names, feeds, SETTINGS, clock),
                new ScamDatabase(connection.async(), names, feeds));
    }

    private Instance urlFeed() {
        return instance(FeedFormat.URL_LIST, server.url(), null, 0.9);
    }

    @Test
    void aRefreshReplacesTheEntriesAndRemovedOnesDisappear() {
        Instance instance = urlFeed();
        server.serve("https://a.example.com/1\nhttps://b.example.com/2\n");
        assertEquals(FeedRefresher.Outcome.REPLACED, instance.refresher().refreshNow(name));
        assertTrue(has(instance.database().hasUrl("https://a.example.com/1")));
        server.serve("https://b.example.com/2\nhttps://c.example.com/3\n");
        assertEquals(FeedRefresher.Outcome.REPLACED, instance.refresher().refreshNow(name));
        assertFalse(has(instance.database().hasUrl("https://a.example.com/1")), "an entry the feed dropped is gone");
        assertTrue(has(instance.database().hasUrl("https://b.example.com/2")));
        assertTrue(has(instance.database().hasUrl("https://c.example.com/3")));
        assertEquals(2, instance.state(name).entries());
        assertEquals(List.of(), connection.sync().keys("scamdb:feed:" + name + ":*incoming*"), "no incoming set left behind");
        assertEquals(-1L, connection.sync().ttl(RedisNames.standalone().scamDbFeedSet(name, "urls")), "the live set does not expire");
    }

    @Test
    void validatorsAreSentAndNotModifiedKeepsTheData() {
        Instance instance = urlFeed();
        server.serve(200, "text/plain", "https://a.example.com/1\n", "\"v1\"", "Wed, 25 Nov 2026 09:00:00 GMT");
        assertEquals(FeedRefresher.Outcome.REPLACED, instance.refresher().refreshNow(name));
        clock.advance(Duration.ofHours(2));
        assertEquals(FeedRefresher.Outcome.NOT_MODIFIED, instance.refresher().refreshNow(name));
        var second = server.requests().get(1);
        assertEquals("\"v1\"", second.getFirst("If-None-Match"));
        assertEquals("Wed, 25 Nov 2026 09:00:00 GMT", second.getFirst("If-Modified-Since"));
        assertTrue(has(instance.database().hasUrl("https://a.example.com/1")));
        FeedState state = instance.state(name);
        assertEquals(clock.instant(), state.lastSuccess().orElseThrow(), "a 304 counts as a success");
        assertEquals(1, state.entries());
        assertFalse(state.failing());
    }

    @Test
    void aFailingFeedKeepsItsLastGoodCopyAndSaysWhy() {
        Instance instance = urlFeed();
        server.serve("https://a.example.com/1\n");
        assertEquals(FeedRefresher.Outcome.REPLACED, instance.refresher().refreshNow(name));
        server.serve(503, "text/plain", "busy", null, null);
        assertEquals(FeedRefresher.Outcome.FAILED, instance.refresher().refreshNow(name));
        assertTrue(has(instance.database().hasUrl("https://a.example.com/1")));
        FeedState state = instance.state(name);
        assertEquals("the feed server answered with HTTP status 503", state.lastError());
        assertEquals(1, state.entries());
        server.close();
        assertEquals(FeedRefresher.Outcome.FAILED, instance.refresher().refreshNow(name));
        assertTrue(instance.state(name).lastError().contains("could not be reached"), instance.state(name).lastError());
        assertTrue(has(instance.database().hasUrl("https://a.example.com/1")));
    }

    @Test
    void aDownloadThatTakesTooLongFailsAndKeepsTheData() throws Exception {
        Instance instance = urlFeed();
        server.serve("https://a.example.com/1\n");
        assertEquals(FeedRefresher.Outcome.REPLACED, instance.refresher().refreshNow(name));
        server.hold();
        assertEquals(FeedRefresher.Outcome.FAILED, instance.refresher().refreshNow(name));
        assertTrue(instance.state(name).lastError().contains("2 seconds"), instance.state(name).lastError());
        assertTrue(has(instance.database().hasUrl("https://a.example.com/1")));
    }

    @Test
    void aFeedLargerThanTheCapIsRefused() {
        Instance instance = urlFeed();
        server.serve("https://a.example.com/" + "x".repeat(1_100_000) + "\n");
        assertEquals(FeedRefresher.Outcome.FAILED, instance.refresher().refreshNow(name));
        assertEquals("the feed is larger than the limit of 1000000 bytes", instance.state(name).lastError());
    }

    @Test
    void aWebPageIsRefusedAndTheDataKept() {
        Instance instance = urlFeed();
        server.serve("https://a.example.com/1\n");
        instance.refresher().refreshNow(name);
        server.serve(200, "text/html; charset=utf-8", "<html><body>Please log in</body></html>", null, null);
        assertEquals(FeedRefresher.Outcome.FAILED, instance.refresher().refreshNow(name));
        assertTrue(instance.state(name).lastError().contains("web page"), instance.state(name).lastError());
        assertTrue(has(instance.database().hasUrl("https://a.example.com/1")));
    }

    @Test
    void aTruncatedCsvIsRefusedAndTheDataKept() {
        Instance instance = instance(FeedFormat.URL_CSV, server.url(), null, 0.9);
        String row1 = "\"1\",\"d\",\"http://a.example.com/x\",\"online\",\"\",\"m\",\"t\",\"l\",\"r\"\n";
        String row2 = "\"2\",\"d\",\"http://b.example.com/y\",\"online\",\"\",\"m\",\"t\",\"l\",\"r\"\n";
        server.serve("# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter\n" + row1 + row2);
        assertEquals(FeedRefresher.Outcome.REPLACED, instance.refresher().refreshNow(name));
        server.serve(row1 + row2.substring(0, 25));
        assertEquals(FeedRefresher.Outcome.FAILED, instance.refresher().refreshNow(name));
        assertTrue(instance.state(name).lastError().contains("cut short"), instance.state(name).lastError());
        assertTrue(has(instance.database().hasUrl("http://b.example.com/y")));
        assertEquals(2, instance.state(name).entries());
    }

    @Test
    void aMassDropIsRefusedUnlessConfigured() {
        server.serve(urls(0, 200));
        Instance strict = urlFeed();
        assertEquals(FeedRefresher.Outcome.REPLACED, strict.refresher().refreshNow(name));
        server.serve(urls(0, 10));
        assertEquals(FeedRefresher.Outcome.FAILED, strict.refresher().refreshNow(name));
        assertEquals("the feed now has 10 entries, down from 200; a drop of more than 90% is refused (max-drop)",
                strict.state(name).lastError());
        assertTrue(has(strict.database().hasUrl("https://h150.example.com/p")));
        server.serve("");
        assertEquals(FeedRefresher.Outcome.FAILED, strict.refresher().refreshNow(name), "an empty answer is a drop too");
        assertEquals(200, strict.state(name).entries());

        server.serve(urls(0, 10));
        Instance lenient = instance(FeedFormat.URL_LIST, server.url(), null, 1.0);
        assertEquals(FeedRefresher.Outcome.REPLACED, lenient.refresher().refreshNow(name));
        assertFalse(has(lenient.database().hasUrl("https://h150.example.com/p")));
    }

    @Test
    void theLockKeepsTwoInstancesFromBothFetching() throws Exception {
        server.serve("https://a.example.com/1\n");
        Instance first = urlFeed();
        Instance second = urlFeed();
        server.hold();
        CompletableFuture<FeedRefresher.Outcome> running = CompletableFuture.supplyAsync(() -> first.refresher().refreshNow(name));
        assertTrue(server.awaitRequest());
        assertEquals(FeedRefresher.Outcome.BUSY, second.refresher().refreshNow(name));
        server.release();
        assertEquals(FeedRefresher.Outcome.REPLACED, running.join());
        assertEquals(1, server.requests().size(), "only the lock holder downloaded");
        assertTrue(has(second.database().hasUrl("https://a.example.com/1")));
    }

    @Test
    void aRefreshThatLostItsLockDoesNotSwap() throws Exception {
        Instance instance = urlFeed();
        server.serve("https://a.example.com/1\n");
        assertEquals(FeedRefresher.Outcome.REPLACED, instance.refresher().refreshNow(name));
        server.serve("https://b.example.com/2\n");
        server.hold();
        CompletableFuture<FeedRefresher.Outcome> running = CompletableFuture.supplyAsync(() -> instance.refresher().refreshNow(name));
        assertTrue(server.awaitRequest());
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() == 2);
        connection.sync().set(RedisNames.standalone().scamDbFeedLock(name), "another-instance"); // as if ours had expired
        server.release();
        assertEquals(FeedRefresher.Outcome.FAILED, running.join());
        assertTrue(instance.state(name).lastError().contains("lock-ttl"), instance.state(name).lastError());
        assertTrue(has(instance.database().hasUrl("https://a.example.com/1")));
        assertFalse(has(instance.database().hasUrl("https://b.example.com/2")));
        assertEquals("another-instance", connection.sync().get(RedisNames.standalone().scamDbFeedLock(name)), "not ours to release");
        assertEquals(List.of(), connection.sync().keys("scamdb:feed:" + name + ":*incoming*"));
    }

    @Test
    void aFeedIsRefreshedOncePerIntervalWhicheverInstanceLooks() {
        server.serve("https://a.example.com/1\n");
        Instance first = urlFeed();
        Instance second = urlFeed();
        assertEquals(FeedRefresher.Outcome.REPLACED, first.refresher().refreshIfDue(name));
        clock.advance(Duration.ofMinutes(59));
        assertEquals(FeedRefresher.Outcome.NOT_DUE, second.refresher().refreshIfDue(name));
        assertEquals(FeedRefresher.Outcome.NOT_DUE, first.refresher().refreshIfDue(name));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(FeedRefresher.Outcome.REPLACED, second.refresher().refreshIfDue(name));
        assertEquals(2, server.requests().size());
    }

    @Test
    void aFileFeedIsReadAgainOnEachRefresh(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("hosts.txt");
        Files.writeString(file, "0.0.0.0 bad.example.com\n");
        Instance instance = instance(FeedFormat.DOMAIN_LIST, null, file.toString(), 0.9);
        assertEquals(FeedRefresher.Outcome.REPLACED, instance.refresher().refreshNow(name));
        assertTrue(has(instance.database().hasDomain("login.bad.example.com")));
        Files.writeString(file, "0.0.0.0 worse.example.com\n");
        assertEquals(FeedRefresher.Outcome.REPLACED, instance.refresher().refreshNow(name));
        assertFalse(has(instance.database().hasDomain("bad.example.com")));
        assertTrue(has(instance.database().hasDomain("worse.example.com")));
        Files.delete(file);
        assertEquals(FeedRefresher.Outcome.FAILED, instance.refresher().refreshNow(name));
        assertEquals("the file does not exist", instance.state(name).lastError());
        assertTrue(has(instance.database().hasDomain("worse.example.com")));
    }

    private static String urls(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "https://h" + i + ".example.com/p\n").collect(Collectors.joining());
    }

    private static boolean has(java.util.concurrent.CompletionStage<Boolean> answer) {
        return answer.toCompletableFuture().join();
    }
}
