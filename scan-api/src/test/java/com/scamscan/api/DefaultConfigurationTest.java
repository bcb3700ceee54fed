package com.scamscan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.env.Environment;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

/** The shipped application.yml resolves to working defaults when no environment variable is set. */
class DefaultConfigurationTest {

    @Test
    void defaultsResolveWithoutEnvironmentVariables() {
        Environment environment = ApplicationContext.builder().build().getEnvironment().start();
        assertEquals("redis://localhost:6379", environment.getProperty("redis.uri", String.class).orElseThrow());
        assertEquals("ws://localhost:8081", environment.getProperty("scamscan.scan.gateway-url", String.class).orElseThrow());
        assertEquals(8080, environment.getProperty("micronaut.server.port", Integer.class).orElseThrow());
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
