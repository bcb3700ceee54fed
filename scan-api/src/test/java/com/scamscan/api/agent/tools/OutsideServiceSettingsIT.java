package com.scamscan.api.agent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.agent.links.LinkExpander;
import com.scamscan.testing.redis.RedisFixture;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outside services' one on/off convention: off by default, {@code scamscan.agent.SERVICE.enabled} turns each on,
 * an enabled service without its endpoint (or web search without its key) stops startup, and the earlier releases'
 * way (a web search key, an LLM base URL, alone) still turns them on for this release.
 */
class OutsideServiceSettingsIT {

    private static RedisFixture redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisFixture.startNew();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void everyServiceIsOffByDefault() {
        try (ApplicationContext context = agent(Map.of())) {
            assertFalse(context.getBean(ExaSearchTool.Settings.class).enabled());
            assertFalse(context.getBean(LlmExplainer.Settings.class).enabled());
            assertFalse(context.getBean(RdapClient.Settings.class).enabled());
            assertFalse(context.getBean(LinkExpander.Settings.class).enabled());
        }
    }

    @Test
    void enabledTurnsEachOnWithItsEndpoint() {
        try (ApplicationContext context = agent(Map.of(
                "scamscan.agent.exa.enabled", "true", "scamscan.agent.exa.api-key", "k",
                "scamscan.agent.llm.enabled", "true", "scamscan.agent.llm.base-url", "http://127.0.0.1:9/v1",
                "scamscan.agent.rdap.enabled", "true",
                "scamscan.agent.link-expansion.enabled", "true"))) {
            assertTrue(context.getBean(ExaSearchTool.Settings.class).enabled());
            assertEquals("https://api.exa.ai", context.getBean(ExaSearchTool.Settings.class).baseUrl(), "its default endpoint");
            assertTrue(context.getBean(LlmExplainer.Settings.class).enabled());
            assertTrue(context.getBean(RdapClient.Settings.class).enabled());
            assertTrue(context.getBean(LinkExpander.Settings.class).enabled());
        }
        try (ApplicationContext context = agent(Map.of("scamscan.agent.exa.enabled", "false", "scamscan.agent.exa.api-key", "k",
                "scamscan.agent.llm.enabled", "false", "scamscan.agent.llm.base-url", "http://127.0.0.1:9/v1"))) {
            assertFalse(context.getBean(ExaSearchTool.Settings.class).enabled(), "an explicit off wins over a key");
            assertFalse(context.getBean(LlmExplainer.Settings.class).enabled());
        }
    }

    @Test
    void anEnabledServiceWithoutWhatItNeedsStopsStartup() {
        assertEquals("scamscan.agent.llm.enabled is true but scamscan.agent.llm.base-url is empty: set it, or turn llm off",
                startupFailure(Map.of("scamscan.agent.llm.enabled", "true")));
        assertEquals("scamscan.agent.exa.enabled is true but scamscan.agent.exa.api-key is empty: set it, or turn exa off",
                startupFailure(Map.of("scamscan.agent.exa.enabled", "true")));
        assertEquals("scamscan.agent.rdap.enabled is true but scamscan.agent.rdap.base-url is empty: set it, or turn rdap off",
                startupFailure(Map.of("scamscan.agent.rdap.enabled", "true", "scamscan.agent.rdap.base-url", "")));
        assertThrows(IllegalArgumentException.class, () -> new ExaSearchTool.Settings(true, "k", " ", Duration.ofSeconds(1), 1));
    }

    @Test
    void theEarlierReleasesWayStillTurnsWebSearchAndTheModelOn() {
        try (ApplicationContext context = agent(Map.of("scamscan.agent.exa.api-key", "k",
                "scamscan.agent.llm.base-url", "http://127.0.0.1:9/v1"))) {
            assertTrue(context.getBean(ExaSearchTool.Settings.class).enabled(), "deprecated: the key alone");
            assertTrue(context.getBean(LlmExplainer.Settings.class).enabled(), "deprecated: the base URL alone");
        }
        assertFalse(new LlmExplainer.Settings(null, "", "", "m", Duration.ofSeconds(1)).enabled());
        assertTrue(new ExaSearchTool.Settings(null, "k", "https://api.exa.ai", Duration.ofSeconds(1), 1).enabled());
    }

    /** The agent as an instance runs it (its workers poll an empty queue), on a Redis of the test's own. */
    private static ApplicationContext agent(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(Map.of("micronaut.server.port", -1, "scamscan.redis.uri", redis.uri(),
                "scamscan.scamdb.import-sample", "false"));
        properties.putAll(settings);
        return ApplicationContext.run(properties);
    }

    private static String startupFailure(Map<String, Object> settings) {
        RuntimeException failed = assertThrows(RuntimeException.class, () -> agent(settings).close());
        Throwable cause = failed;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
