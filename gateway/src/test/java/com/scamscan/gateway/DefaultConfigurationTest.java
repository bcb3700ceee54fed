package com.scamscan.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.env.Environment;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

/** The shipped application.yml resolves to working defaults when no environment variable is set. */
class DefaultConfigurationTest {

    @Test
    void defaultsResolveWithoutEnvironmentVariables() {
        Environment environment = ApplicationContext.builder().build().getEnvironment().start();
        assertEquals("redis://localhost:6379", environment.getProperty("scamscan.redis.uri", String.class).orElseThrow());
        assertEquals(8081, environment.getProperty("micronaut.server.port", Integer.class).orElseThrow());
    }
}
