package com.scamscan.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The shipped application.yml resolves to working defaults when no environment variable is set. */
class DefaultConfigurationTest {

    @Test
    void defaultsResolveWithoutEnvironmentVariables() {
        Environment environment = ApplicationContext.builder().build().getEnvironment().start();
        assertEquals("redis://localhost:6379", environment.getProperty("redis.uri", String.class).orElseThrow());
        assertEquals(8081, environment.getProperty("micronaut.server.port", Integer.class).orElseThrow());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void nativeEpollIsPackagedAndPreferredOnLinux() {
        Environment environment = ApplicationContext.builder().build().getEnvironment().start();
        assertTrue(Epoll.isAvailable(), () -> "native epoll missing: " + Epoll.unavailabilityCause());
        assertTrue(environment.getProperty("micronaut.netty.event-loops.default.prefer-native-transport", Boolean.class).orElseThrow());
        assertTrue(environment.getProperty("micronaut.server.netty.parent.prefer-native-transport", Boolean.class).orElseThrow());
    }

    @Test
    void theOldRedisUriStillReachesTheNewNameAndTheNewNameWins() {
        Environment old = ApplicationContext.builder().properties(java.util.Map.of("scamscan.redis.uri", "redis://old:6379"))
                .build().getEnvironment().start();
        assertEquals("redis://old:6379", old.getProperty("redis.uri", String.class).orElseThrow());
        Environment both = ApplicationContext.builder().properties(java.util.Map.of("scamscan.redis.uri", "redis://old:6379",
                "redis.uri", "redis://new:6379")).build().getEnvironment().start();
        assertEquals("redis://new:6379", both.getProperty("redis.uri", String.class).orElseThrow());
    }
}
