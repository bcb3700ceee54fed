package com.scamscan.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisConnectionsTest {

    private static RedisConnectionSettings settings(String uri, String password) {
        return new RedisConnectionSettings(uri, null, Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(2),
                password, Duration.ofSeconds(30));
    }

    @Test
    void aPasswordFromItsOwnPropertyJoinsATlsUri() {
        RedisURI uri = RedisConnections.redisUri(settings("rediss://cache.example:6379", "s3cret"), "rediss://cache.example:6379",
                "scamscan-gateway");
        assertTrue(uri.isSsl());
        assertArrayEquals("s3cret".toCharArray(), uri.getPassword());
        assertEquals("scamscan-gateway", uri.getClientName());
    }

    @Test
    void withoutItTheUriDecides() {
        assertNull(RedisConnections.redisUri(settings("redis://localhost:6379", ""), "redis://localhost:6379", "x").getPassword());
        assertArrayEquals("inline".toCharArray(),
                RedisConnections.redisUri(settings("", ""), "redis://:inline@localhost:6379", "x").getPassword());
    }

    @Test
    void aClusterNodeIsReachedLikeTheSeed() {
        RedisURI seed = RedisConnections.redisUri(settings("", "s3cret"), "rediss://seed.example:6379", "scamscan-gateway");
        RedisURI node = RedisConnections.nodeUri(seed, "10.0.3.7", 6380);
        assertEquals("10.0.3.7", node.getHost());
        assertEquals(6380, node.getPort());
        assertTrue(node.isSsl());
        assertArrayEquals("s3cret".toCharArray(), node.getPassword());
        assertEquals("scamscan-gateway", node.getClientName());
    }

    @Test
    void seedsSwitchClusterModeOnAndBlankOnesAreIgnored() {
        assertFalse(settings("redis://localhost:6379", "").cluster());
        RedisConnectionSettings cluster = new RedisConnectionSettings("", Arrays.asList(" redis://a:1 ", ""), Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofSeconds(2), "", Duration.ofSeconds(30));
        assertTrue(cluster.cluster());
        assertEquals(List.of("redis://a:1"), cluster.uris());
        assertThrows(IllegalArgumentException.class, () -> new RedisConnectionSettings("", null, Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofSeconds(2), "", Duration.ZERO));
    }
}
