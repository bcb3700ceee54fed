package com.scamscan.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisConnectionsTest {

    @Test
    void aPasswordFromItsOwnPropertyJoinsATlsUri() {
        RedisURI uri = RedisURI.create("rediss://cache.example:6379");
        RedisConnections.identify(uri, "scamscan-gateway", "s3cret".toCharArray());
        assertTrue(uri.isSsl());
        assertArrayEquals("s3cret".toCharArray(), uri.getPassword());
        assertEquals("scamscan-gateway", uri.getClientName());
    }

    @Test
    void withoutItTheUriDecides() {
        RedisURI plain = RedisURI.create("redis://localhost:6379");
        RedisConnections.identify(plain, "x", null);
        assertNull(plain.getPassword());
        RedisURI inline = RedisURI.create("redis://:inline@localhost:6379");
        RedisConnections.identify(inline, "x", new char[0]);
        assertArrayEquals("inline".toCharArray(), inline.getPassword());
    }

    @Test
    void aClusterNodeIsReachedLikeTheSeed() {
        RedisURI seed = RedisURI.create("rediss://seed.example:6379");
        RedisConnections.identify(seed, "scamscan-gateway", "s3cret".toCharArray());
        RedisURI node = RedisConnections.nodeUri(seed, "10.0.3.7", 6380);
        assertEquals("10.0.3.7", node.getHost());
        assertEquals(6380, node.getPort());
        assertTrue(node.isSsl());
        assertArrayEquals("s3cret".toCharArray(), node.getPassword());
        assertEquals("scamscan-gateway", node.getClientName());
    }

    @Test
    void settingsAreCheckedWhereTheyAreRead() {
        assertEquals(Duration.ofSeconds(5), RedisConnectionSettings.defaults().commandTimeout());
        assertThrows(IllegalArgumentException.class, () -> new RedisConnectionSettings(Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RedisConnectionSettings(Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RedisConnectionSettings(Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(-1)));
    }
}
