package com.scamscan.api.agent.scamdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.scamscan.redis.RedisNames;
import com.scamscan.testing.redis.RedisClusterFixture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On a local 3-master Redis Cluster: the swap script and the lock touch only keys in the feed's slot; lookups span slots. */
class FeedRefreshClusterIT {

    private RedisClusterClient client;
    private StatefulRedisClusterConnection<String, String> connection;
    private FeedServer first;
    private FeedServer second;

    @BeforeEach
    void start() {
        assumeTrue(RedisClusterFixture.redis7().isPresent(), RedisClusterFixture.NO_REDIS_7);
        client = RedisClusterClient.create(RedisClusterFixture.shared().uris().stream().map(RedisURI::create).toList());
        connection = client.connect();
        first = new FeedServer();
        second = new FeedServer();
    }

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
            client.shutdown();
            first.close();
            second.close();
        }
    }

    @Test
    void feedsInDifferentSlotsSwapAndAreLookedUpTogether() {
        String a = "a" + UUID.randomUUID().toString().substring(0, 8);
        String b = "b" + UUID.randomUUID().toString().substring(0, 8);
        ScamDbSettings settings = new ScamDbSettings(true, Duration.ofSeconds(5), 1_000_000, Duration.ofSeconds(30),
                Duration.ofMinutes(1), Duration.ofSeconds(10));
        ScamDbFeeds feeds = new ScamDbFeeds(settings, List.of(
                new FeedSettings(a, first.url(), null, FeedFormat.URL_LIST, Duration.ofHours(1), 0.9, 0.5),
                new FeedSettings(b, second.url(), null, FeedFormat.URL_LIST, Duration.ofHours(1), 0.9, 0.5)));
        RedisNames names = RedisNames.forCluster();
        FeedRefresher refresher = new FeedRefresher(connection.async(), names, feeds, settings, Clock.systemUTC());
        ScamDatabase database = new ScamDatabase(connection.async(), names, feeds);

        first.serve("https://one.example.com/a\n");
        second.serve("https://two.example.com/b\n");
        assertEquals(FeedRefresher.Outcome.REPLACED, refresher.refreshNow(a));
        assertEquals(FeedRefresher.Outcome.REPLACED, refresher.refreshNow(b));
        FeedRefresher.Outcome sample = refresher.refreshNow("sample");
        assertTrue(sample == FeedRefresher.Outcome.REPLACED || sample == FeedRefresher.Outcome.NOT_MODIFIED, sample.name());
        assertTrue(database.hasUrl("https://one.example.com/a").toCompletableFuture().join());
        assertTrue(database.hasUrl("https://two.example.com/b").toCompletableFuture().join());
        assertTrue(database.hasPhone("+19005550199").toCompletableFuture().join());

        first.serve("https://three.example.com/c\n");
        assertEquals(FeedRefresher.Outcome.REPLACED, refresher.refreshNow(a));
        assertFalse(database.hasUrl("https://one.example.com/a").toCompletableFuture().join());
        assertTrue(database.hasUrl("https://three.example.com/c").toCompletableFuture().join());
        assertEquals(1, refresher.state(a).toCompletableFuture().join().entries());
    }
}
