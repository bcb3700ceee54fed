package com.scamscan.testing.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.scamscan.testing.redis.RedisFixture.Source;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RedisFixtureTest {

    @Test
    void embeddedServerKeepsItsDataAcrossRestart() throws IOException {
        serverKeepsItsDataAcrossRestart(Source.EMBEDDED);
    }

    @Test
    void pathServerKeepsItsDataAcrossRestart() throws IOException {
        assumeTrue(RedisFixture.redisServerOnPath().isPresent(), "no redis-server on the PATH");
        serverKeepsItsDataAcrossRestart(Source.PATH);
    }

    @Test
    void killedServerLosesWhatWasNotSaved() throws IOException {
        try (RedisFixture redis = RedisFixture.start(Source.EMBEDDED)) {
            assertEquals("+OK", Resp.command(redis.host(), redis.port(), "SET fixture:killed yes"));
            redis.kill();
            assertFalse(redis.isUp());
            redis.start();
            assertEquals(":0", Resp.command(redis.host(), redis.port(), "EXISTS fixture:killed"));
        }
    }

    @Test
    void closedServerIsGoneFromItsPort() {
        RedisFixture redis = RedisFixture.start(Source.EMBEDDED);
        assertTrue(redis.isUp());
        redis.close();
        assertFalse(redis.isUp());
    }

    @Test
    void sharedServerIsOnePerJvm() {
        RedisFixture first = RedisFixture.shared();
        assertSame(first, RedisFixture.shared());
        assertTrue(first.isUp());
        assertEquals("redis://" + first.host() + ":" + first.port(), first.uri());
    }

    private static void serverKeepsItsDataAcrossRestart(Source source) throws IOException {
        try (RedisFixture redis = RedisFixture.start(source)) {
            assertEquals(source, redis.source());
            assertTrue(redis.controllable());
            int port = redis.port();
            assertEquals("+OK", Resp.command(redis.host(), port, "SET fixture:kept yes"));

            redis.stop();
            assertFalse(redis.isUp(), "a stopped server must refuse connections");

            redis.start();
            assertEquals(port, redis.port());
            assertEquals(":1", Resp.command(redis.host(), port, "EXISTS fixture:kept"));
        }
    }
}
