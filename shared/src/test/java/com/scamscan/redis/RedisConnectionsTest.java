package com.scamscan.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisClientFactoryTest {

    private static RedisConnectionSettings settings(String uri, String password) {
        return new RedisConnectionSettings(uri, Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(2), password);
    }

    @Test
    void aPasswordFromItsOwnPropertyJoinsATlsUri() {
        RedisURI uri = RedisClientFactory.redisUri(settings("rediss://cache.example:6379", "s3cret"), "scamscan-gateway");
        assertTrue(uri.isSsl());
        assertArrayEquals("s3cret".toCharArray(), uri.getPassword());
        assertEquals("scamscan-gateway", uri.getClientName());
    }

    @Test
    void withoutItTheUriDecides() {
        assertNull(RedisClientFactory.redisUri(settings("redis://localhost:6379", ""), "x").getPassword());
        assertArrayEquals("inline".toCharArray(), RedisClientFactory.redisUri(settings("redis://:inline@localhost:6379", ""), "x").getPassword());
    }
}
